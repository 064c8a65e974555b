package org.allot.agent.internal;

import org.allot.spi.isolation.ContainerId;

/** A container launch that failed, with a message for the framework. Immutable; any thread. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The container the isolator prepared, to clean up; null if it never got that far. */
    final transient ContainerId container;

    LaunchException(ContainerId container, String message) {
        super(message, null, false, false);
        this.container = container;
    }
}
