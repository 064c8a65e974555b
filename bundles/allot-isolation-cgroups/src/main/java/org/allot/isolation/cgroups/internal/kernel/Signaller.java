package org.allot.isolation.cgroups.internal.kernel;

/** Sends SIGKILL to a process; an interface so that tests over a fake cgroupfs never signal real pids. */
@FunctionalInterface
public interface Signaller {

    /** SIGKILL {@code pid}; a pid that is already gone is not an error. */
    void kill(long pid);

    /** The real one, through {@link ProcessHandle}, which never signals the JVM itself. */
    static Signaller sigkill() {
        return pid -> {
            if (pid != ProcessHandle.current().pid()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        };
    }
}
