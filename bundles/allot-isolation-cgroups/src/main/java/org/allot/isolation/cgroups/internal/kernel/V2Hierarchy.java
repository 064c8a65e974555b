package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroups v2: one unified hierarchy ({@code /sys/fs/cgroup}); a container's cgroup is
 * {@code <mount>/<parent>/<container>}, with the controllers enabled for it through each
 * ancestor's {@code cgroup.subtree_control}.
 */
public final class V2Hierarchy extends Hierarchy {

    private final Path mount;
    private volatile Set<Controller> controllers;

    public V2Hierarchy(CgroupIo io, Path mount, String parent) {
        super(io, parent);
        this.mount = mount;
        this.controllers = readControllers(mount);
    }

    @Override
    public CgroupVersion version() {
        return CgroupVersion.V2;
    }

    @Override
    public Set<Controller> controllers() {
        return controllers;
    }

    /**
     * Creates the parent and enables cpu, memory and pids (those the mount offers) for the children
     * of each level. NOTE: v2's "no internal processes" rule: a cgroup with controllers enabled for
     * its children may hold no process itself, so the parent must be a cgroup of Allot's own, never
     * the one the agent runs in.
     */
    @Override
    public void init() {
        Path p = mount;
        enable(p);
        for (Path part : Path.of(parent)) {
            p = p.resolve(part);
            try {
                io.mkdir(p);
            } catch (IOException e) {
                throw failure("create parent cgroup", p, e);
            }
            enable(p);
        }
        controllers = readControllers(p);
    }

    @Override
    public Cgroup cgroup(String name) {
        return new V2Cgroup(io, name, parentDir().resolve(name), this);
    }

    @Override
    public Set<String> containers() {
        try {
            return new TreeSet<>(io.subdirectories(parentDir()));
        } catch (IOException e) {
            throw failure("list", parentDir(), e);
        }
    }

    @Override
    public List<Path> parentDirectories() {
        return List.of(parentDir());
    }

    Path parentDir() {
        return mount.resolve(parent);
    }

    private void enable(Path dir) {
        Set<Controller> offered = readControllers(dir);
        for (Controller c : Controller.values()) {
            if (c.isV2Controller() && offered.contains(c)) {
                Path f = dir.resolve("cgroup.subtree_control");
                try {
                    io.write(f, "+" + c.kernelName());
                } catch (IOException e) {
                    throw failure("enable controller " + c.kernelName() + " in", f, e);
                }
            }
        }
    }

    /** The controllers listed in {@code dir/cgroup.controllers}, plus cpuacct and freezer (core in v2). */
    private Set<Controller> readControllers(Path dir) {
        Set<Controller> result = EnumSet.of(Controller.CPUACCT, Controller.FREEZER);
        Path f = dir.resolve("cgroup.controllers");
        String text;
        try {
            text = io.read(f);
        } catch (IOException e) {
            throw failure("read", f, e);
        }
        for (String word : text.strip().split("\\s+")) {
            for (Controller c : Controller.values()) {
                if (c.isV2Controller() && c.kernelName().equals(word)) {
                    result.add(c);
                }
            }
        }
        return Set.copyOf(result);
    }
}
