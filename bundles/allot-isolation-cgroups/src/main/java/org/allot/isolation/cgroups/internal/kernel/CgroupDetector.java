package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the cgroup hierarchies from the mount table ({@code /proc/self/mounts}) and picks the
 * version to use.
 *
 * <p>{@code auto} picks v1 when any controller Allot uses is mounted as a v1 hierarchy (a v1-only or
 * hybrid host, where controllers bound to v1 are missing from v2), otherwise v2 when a
 * {@code cgroup2} mount exists, otherwise fails saying nothing is mounted.
 */
public final class CgroupDetector {

    /** The mounts found in a mount table. */
    public record Mounts(Map<Controller, Path> v1, Optional<Path> v2) {
        public Mounts {
            v1 = Map.copyOf(v1);
        }
    }

    private CgroupDetector() {
    }

    /**
     * Parses a mount table in the {@code /proc/self/mounts} format ({@code device mountpoint type
     * options dump pass}); mount points are resolved against {@code root} (the real "/" or a fake tree).
     */
    public static Mounts parseMounts(String table, Path root) {
        Map<Controller, Path> v1 = new EnumMap<>(Controller.class);
        Path v2 = null;
        for (String line : table.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            Path mountPoint = root.resolve(unescape(f[1]).substring(1));
            if (f[2].equals("cgroup2") && v2 == null) {
                v2 = mountPoint;
            } else if (f[2].equals("cgroup")) {
                for (String option : f[3].split(",")) {
                    for (Controller c : Controller.values()) {
                        if (c.kernelName().equals(option)) {
                            v1.putIfAbsent(c, mountPoint);
                        }
                    }
                }
            }
        }
        return new Mounts(v1, Optional.ofNullable(v2));
    }

    /**
     * The hierarchy to use.
     *
     * @param version {@code auto}, {@code v1} or {@code v2}
     * @param parent  Allot's parent cgroup, e.g. {@code allot}
     */
    public static Hierarchy detect(Mounts mounts, String version, String parent, CgroupIo io) {
        switch (version) {
            case "v1":
                if (mounts.v1().isEmpty()) {
                    throw new CgroupException("cgroups version v1 is configured but no v1 controller among "
                            + List.of(Controller.values()) + " is mounted; set version=auto or v2, or mount them");
                }
                return new V1Hierarchy(io, mounts.v1(), parent);
            case "v2":
                return new V2Hierarchy(io, mounts.v2().orElseThrow(() -> new CgroupException(
                        "cgroups version v2 is configured but no cgroup2 filesystem is mounted; set version=auto"
                                + " or v1, or mount one (mount -t cgroup2 none /sys/fs/cgroup)")), parent);
            case "auto":
                if (!mounts.v1().isEmpty()) {
                    return new V1Hierarchy(io, mounts.v1(), parent);
                }
                if (mounts.v2().isPresent()) {
                    return new V2Hierarchy(io, mounts.v2().get(), parent);
                }
                throw new CgroupException("no cgroup filesystem is mounted (neither v1 controllers nor cgroup2 in"
                        + " /proc/self/mounts): cgroups isolation is not available on this host; use posix isolation");
            default:
                throw new IllegalArgumentException("invalid cgroups version '" + version + "': use auto, v1 or v2");
        }
    }

    /** Detects from this host's {@code /proc/self/mounts}. */
    public static Hierarchy detect(String version, String parent) {
        Path mountsFile = Path.of("/proc/self/mounts");
        try {
            return detect(parseMounts(CgroupIo.direct().read(mountsFile), Path.of("/")), version, parent,
                    CgroupIo.direct());
        } catch (IOException e) {
            throw new CgroupException("cannot read " + mountsFile + ": cgroups isolation needs Linux", e);
        }
    }

    /** The mount table escapes space, tab, newline and backslash as octal ({@code \040}). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
