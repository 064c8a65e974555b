package org.allot.api.agent;

/**
 * What a drain did.
 *
 * @param tasksKilled     tasks that were running and were killed
 * @param unacknowledged  status updates the master had not acknowledged when the agent stopped
 *                        (kept in the checkpoint for the next agent on the same work dir)
 * @param destroyed       containers still running at the timeout, destroyed before the stop
 * @param timedOut        whether the timeout passed before everything ended and was acknowledged
 */
public record DrainResult(int tasksKilled, int unacknowledged, int destroyed, boolean timedOut) {
}
