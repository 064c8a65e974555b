package org.allot.isolation.cgroups.internal.kernel;

/** A cgroup file could not be read, written or parsed; the message names the file and the remedy. */
public final class CgroupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
