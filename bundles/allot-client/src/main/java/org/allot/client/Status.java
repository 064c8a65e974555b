package org.allot.client;

/** The state of a driver, returned by every driver call, as in Mesos. */
public enum Status {
    /** Created, {@code start()} not called yet. */
    DRIVER_NOT_STARTED,
    /** Started: connecting, connected, or reconnecting. */
    DRIVER_RUNNING,
    /** Aborted by {@code abort()} or by an unrecoverable error; no further callbacks. */
    DRIVER_ABORTED,
    /** Stopped by {@code stop()}; no further callbacks. */
    DRIVER_STOPPED
}
