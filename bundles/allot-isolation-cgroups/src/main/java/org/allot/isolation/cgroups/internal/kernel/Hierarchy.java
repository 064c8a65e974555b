package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The cgroups Allot may use on this host: the mounted hierarchy (v1: a directory per controller;
 * v2: one unified directory) and, below it, Allot's parent cgroup (e.g. {@code allot}) that holds a
 * child cgroup per container.
 *
 * <h2>Threading</h2>
 * Stateless apart from configuration: every call goes to the filesystem, so calls from any thread
 * are safe; calls about one container must not overlap (the isolation SPI guarantees that).
 *
 * <h2>Errors</h2>
 * {@link CgroupException} with the file and the value that failed, e.g. a controller not mounted or a
 * limit the kernel refused.
 */
public abstract class Hierarchy {

    protected final CgroupIo io;
    protected final String parent;

    protected Hierarchy(CgroupIo io, String parent) {
        this.io = io;
        if (parent.isEmpty() || parent.startsWith("/") || parent.contains("..")) {
            throw new IllegalArgumentException("invalid cgroup parent '" + parent
                    + "': use a relative path inside the hierarchy without '..', e.g. allot");
        }
        this.parent = parent;
    }

    public abstract CgroupVersion version();

    /** The controllers usable here; a v2 hierarchy always counts cpuacct and freezer as core. */
    public abstract Set<Controller> controllers();

    public boolean supports(Controller c) {
        return controllers().contains(c);
    }

    /** Creates Allot's parent cgroup (and on v2 enables the controllers for its children). */
    public abstract void init();

    /** A handle on the container cgroup {@code name} under the parent; nothing is created yet. */
    public abstract Cgroup cgroup(String name);

    /** The names of the container cgroups under the parent, in any of the hierarchies. */
    public abstract Set<String> containers();

    /** The directories of the parent cgroup, for messages. */
    public abstract List<Path> parentDirectories();

    public String parent() {
        return parent;
    }

    @Override
    public String toString() {
        return "cgroups " + version() + " " + controllers() + " at " + parentDirectories();
    }

    static CgroupException failure(String what, Path file, IOException e) {
        String cause = e.getMessage() == null ? e.toString() : e.getMessage();
        return new CgroupException("cannot " + what + " " + file + ": " + cause
                + " (does the agent run as root, and is the controller mounted?)", e);
    }
}
