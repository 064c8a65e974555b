package org.allot.isolation.cgroups.internal.kernel;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Parsers for the cgroup file formats, pure functions of the text so that they are tested against
 * samples of both versions. Every error names the file, the line and what was expected.
 *
 * <p>Formats (Documentation/admin-guide/cgroup-v2.rst, "Interface Files"; v1 per controller):
 * <ul>
 * <li>flat keyed: {@code key value} per line: v1 {@code memory.stat}, {@code cpu.stat},
 * {@code cpuacct.stat}, {@code memory.oom_control}, {@code pids.events}; v2 {@code cpu.stat},
 * {@code memory.stat}, {@code memory.events}, {@code pids.events}, {@code cgroup.events}</li>
 * <li>single value, {@code max} for none: {@code pids.max}, {@code pids.current},
 * {@code memory.max}, {@code memory.limit_in_bytes}, {@code cpuacct.usage}, {@code cpu.weight}</li>
 * <li>{@code cpu.max}: {@code $MAX $PERIOD}, {@code $MAX} may be {@code max}</li>
 * <li>newline-separated pids: {@code cgroup.procs}</li>
 * <li>{@code freezer.state}: {@code THAWED}, {@code FREEZING} or {@code FROZEN}</li>
 * </ul>
 */
public final class CgroupFiles {

    /** What {@code max} parses to, and what v1 shows as "no limit" (rounded to pages). */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** v1 memory limits at or above this are "no limit" (the kernel shows 0x7FFFFFFFFFFFF000). */
    static final long V1_UNLIMITED_THRESHOLD = 0x7FFF_FFFF_FFFF_F000L;

    private CgroupFiles() {
    }

    /** A flat keyed file: {@code key value} per line; blank lines ignored, the first value per key kept. */
    public static Map<String, Long> keyed(String text, String file) {
        Map<String, Long> result = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 2) {
                throw new CgroupException(file + " line " + (i + 1) + ": expected 'key value' but found '" + line
                        + "'");
            }
            result.putIfAbsent(f[0], number(f[1], file, i + 1));
        }
        return result;
    }

    /** A single number, or {@code max} as {@link #UNLIMITED}. */
    public static long single(String text, String file) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new CgroupException(file + ": expected a number or 'max' but the file is empty");
        }
        if (s.indexOf('\n') >= 0) {
            throw new CgroupException(file + ": expected one value but found several lines: '"
                    + s.replace('\n', '|') + "'");
        }
        return s.equals("max") ? UNLIMITED : number(s, file, 1);
    }

    /** A v1 memory limit: values the kernel shows for "unlimited" become {@link #UNLIMITED}. */
    public static long v1MemoryLimit(String text, String file) {
        long v = single(text, file);
        return v >= V1_UNLIMITED_THRESHOLD ? UNLIMITED : v;
    }

    /** The pids in {@code cgroup.procs}, in file order. */
    public static Set<Long> pids(String text, String file) {
        Set<Long> result = new LinkedHashSet<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                long pid = number(line, file, i + 1);
                if (pid <= 0) {
                    throw new CgroupException(file + " line " + (i + 1) + ": expected a positive pid but found " + pid);
                }
                result.add(pid);
            }
        }
        return result;
    }

    /** v2 {@code cpu.max} as {quota, period} in microseconds; quota {@link #UNLIMITED} for {@code max}. */
    public static long[] cpuMax(String text, String file) {
        String[] f = text.strip().split("\\s+");
        if (f.length != 2) {
            throw new CgroupException(file + ": expected '$MAX $PERIOD' (e.g. 'max 100000' or '50000 100000')"
                    + " but found '" + text.strip() + "'");
        }
        long quota = f[0].equals("max") ? UNLIMITED : number(f[0], file, 1);
        return new long[] {quota, number(f[1], file, 1)};
    }

    /** v1 {@code freezer.state}: one of THAWED, FREEZING, FROZEN. */
    public static String freezerState(String text, String file) {
        String s = text.strip();
        if (!s.equals("THAWED") && !s.equals("FREEZING") && !s.equals("FROZEN")) {
            throw new CgroupException(file + ": expected THAWED, FREEZING or FROZEN but found '" + s + "'");
        }
        return s;
    }

    /** v1 cpu.shares for a number of cpus: 1024 per cpu, at least 2 (the kernel's minimum). */
    public static long v1Shares(double cpus) {
        return Math.max(2, Math.round(cpus * 1024));
    }

    /**
     * v2 cpu.weight for a number of cpus, through the v1 shares so both versions divide the same way:
     * {@code weight = 1 + (shares - 2) * 9999 / 262142} (the mapping runc and systemd use), so
     * 1 cpu (1024 shares) = weight 39, 0.1 cpu = 4, 4 cpus = 157.
     */
    public static long v2Weight(double cpus) {
        long shares = Math.min(262_144, v1Shares(cpus));
        return 1 + ((shares - 2) * 9999) / 262_142;
    }

    private static long number(String s, String file, int line) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CgroupException(file + " line " + line + ": expected an integer but found '" + s + "'", e);
        }
    }
}
