package org.allot.api;

/**
 * The states a task goes through, as in Mesos. Status updates carry them from the agent (or the
 * master) to the framework: {@code STAGING -> STARTING -> RUNNING -> FINISHED | FAILED | KILLED | ...}.
 *
 * <p>A terminal state is final: the task's resources are released and no further update follows.
 */
public enum TaskState {
    /** Accepted by the master and sent to the agent, not yet started. */
    STAGING(false),
    /** The agent or executor is starting the task. */
    STARTING(false),
    /** Running. */
    RUNNING(false),
    /** A kill was requested and is in progress. */
    KILLING(false),
    /** Ended successfully. */
    FINISHED(true),
    /** Ended with an error of its own, e.g. a non-zero exit code. */
    FAILED(true),
    /** Killed at someone's request. */
    KILLED(true),
    /** Never launched because the request was invalid, e.g. it overspent its offer. */
    ERROR(true),
    /** Lost, e.g. its agent disappeared; the framework may relaunch it. */
    LOST(true),
    /** Never launched because of a transient problem, e.g. the agent went away before the launch. */
    DROPPED(true),
    /**
     * Its agent is unreachable. Not terminal: the task may be running and may come back when the agent
     * re-registers.
     */
    UNREACHABLE(false),
    /** Known to be gone, e.g. its agent was removed for good. */
    GONE(true),
    /** The master does not know the task; answered to reconciliation about unknown tasks. */
    UNKNOWN(false);

    private final boolean terminal;

    TaskState(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the task is over: no further update follows and its resources are free again. */
    public boolean isTerminal() {
        return terminal;
    }
}
