package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroups v1: each controller has its own mount ({@code /sys/fs/cgroup/memory}), or shares one with
 * others ({@code /sys/fs/cgroup/cpu,cpuacct}); a container's cgroup is a directory
 * {@code <mount>/<parent>/<container>} in each.
 */
public final class V1Hierarchy extends Hierarchy {

    private final Map<Controller, Path> mounts;

    public V1Hierarchy(CgroupIo io, Map<Controller, Path> mounts, String parent) {
        super(io, parent);
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("no cgroup v1 controller mounted: Allot needs at least one of "
                    + List.of(Controller.values()));
        }
        this.mounts = Map.copyOf(new EnumMap<>(mounts));
    }

    @Override
    public CgroupVersion version() {
        return CgroupVersion.V1;
    }

    @Override
    public Set<Controller> controllers() {
        return mounts.keySet();
    }

    @Override
    public void init() {
        for (Path dir : parentDirectories()) {
            // NOTE: the parent may be several levels deep (allot/agent-1): create each level.
            Path mount = mountOf(dir);
            Path p = mount;
            for (Path part : mount.relativize(dir)) {
                p = p.resolve(part);
                try {
                    io.mkdir(p);
                } catch (IOException e) {
                    throw failure("create parent cgroup", p, e);
                }
            }
        }
    }

    @Override
    public Cgroup cgroup(String name) {
        return new V1Cgroup(io, name, this);
    }

    @Override
    public Set<String> containers() {
        Set<String> names = new TreeSet<>();
        for (Path dir : parentDirectories()) {
            try {
                names.addAll(io.subdirectories(dir));
            } catch (IOException e) {
                throw failure("list", dir, e);
            }
        }
        return names;
    }

    @Override
    public List<Path> parentDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        mounts.values().forEach(m -> dirs.add(m.resolve(parent)));
        return new ArrayList<>(dirs);
    }

    /** The directory of container {@code name} for {@code c}, or null when {@code c} is not mounted. */
    Path dir(Controller c, String name) {
        Path mount = mounts.get(c);
        return mount == null ? null : mount.resolve(parent).resolve(name);
    }

    /** Distinct directories of container {@code name} for {@code controllers} (joint mounts once). */
    Set<Path> dirs(Set<Controller> controllers, String name) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Controller c : controllers) {
            Path d = dir(c, name);
            if (d != null) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    private Path mountOf(Path parentDir) {
        for (Path m : mounts.values()) {
            if (parentDir.startsWith(m)) {
                return m;
            }
        }
        throw new IllegalStateException(parentDir + " is under no mount of " + mounts);
    }
}
