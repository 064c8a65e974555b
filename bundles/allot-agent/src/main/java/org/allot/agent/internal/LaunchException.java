package org.allot.agent.internal;

/** A container launch refused before anything started, with a message for the framework. Immutable; any thread. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message, null, false, false);
    }
}
