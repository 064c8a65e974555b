package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of this machine as {@code /proc} shows them, and which of them belong to one
 * container. Stateless; every call reads {@code /proc} again.
 *
 * <h2>Which processes belong to a container</h2>
 * A container is marked by an environment variable {@value #MARKER}{@code =<run dir>} that the
 * launcher puts in its first process and every process inherits, including the ones that
 * double-fork or call {@code setsid} to get away from the container's session. A process is a
 * member if it is in the session of the container's first process (which leads it), descends from a
 * member, or carries the marker. A process that cleared its environment and left the
 * session and its parents is lost: that is the limit of a pure-{@code /proc} launcher, which cgroups
 * remove.
 *
 * <p>NOTE: reading another process's environment costs a file read per process, so it is read only
 * for processes that could have escaped: started after the container's first process and adopted by
 * an older process (their parent died).
 */
final class ProcessTable {

    /** The environment variable marking every process of a container with its run dir. */
    static final String MARKER = "ALLOT_CONTAINER_RUN_DIR";

    private final Path proc;

    ProcessTable(Path proc) {
        this.proc = proc;
    }

    Path proc() {
        return proc;
    }

    Optional<ProcStat> stat(long pid) {
        return ProcStat.read(proc, pid);
    }

    /**
     * Where the kernel's pid allocation stands: the last pid handed out in this pid namespace and the
     * number of forks (processes and threads) since boot. A container's processes all get pids after
     * the mark taken before its first fork, so {@link #scanSince} can skip older pids.
     *
     * @return the mark, or null if the kernel does not tell
     */
    PidMark mark() {
        try {
            long last = Long.parseLong(readSmall(proc.resolve("sys/kernel/ns_last_pid")));
            long max = Long.parseLong(readSmall(proc.resolve("sys/kernel/pid_max")));
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (line.startsWith("processes ")) {
                    return new PidMark(last, Long.parseLong(line.substring(10).strip()), max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such files (another kernel, or /proc of a test): scan everything
        }
        return null;
    }

    /**
     * A small procfs file in one read: sysctl files answer only a read at offset 0, so reading them
     * in pieces (as {@link Files#readString} does with a file of size 0) gets their first byte only.
     */
    private static String readSmall(Path file) throws IOException {
        byte[] buf = new byte[64];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
        }
    }

    /**
     * Where pid allocation stood before a container's first fork.
     *
     * @param lastPid the last pid handed out
     * @param forks   forks since boot
     * @param pidMax  the pid after which allocation wraps
     */
    record PidMark(long lastPid, long forks, long pidMax) {
    }

    /**
     * The processes that may have been created since {@code mark}, by pid, zombies included: every
     * process whose pid was handed out after the mark, plus {@code keep}. NOTE: pids are handed out
     * in increasing order and wrap at pid_max, so if fewer forks than pids happened since the mark,
     * the new pids lie in the cyclic interval (mark's last pid, last pid now]; otherwise, or without a
     * mark, every process is read. This saves reading every process of a busy machine to destroy a
     * container that lived a short time.
     */
    Map<Long, ProcStat> scanSince(PidMark mark, long keep) {
        PidMark now = mark == null ? null : mark();
        // 300: the kernel skips the pids below 300 after a wrap (RESERVED_PIDS).
        if (now == null || now.forks() - mark.forks() >= mark.pidMax() - 300) {
            return scan();
        }
        Map<Long, ProcStat> table = new HashMap<>();
        String[] names = proc.toFile().list();
        if (names == null) {
            throw new IllegalStateException("cannot list " + proc + ": posix isolation needs a Linux /proc");
        }
        long from = mark.lastPid();
        long to = now.lastPid();
        for (String name : names) {
            if (!isNumber(name)) {
                continue;
            }
            long pid = Long.parseLong(name);
            boolean fresh = from <= to ? pid > from && pid <= to : pid > from || pid <= to;
            if (fresh || pid == keep) {
                ProcStat.read(proc, pid).ifPresent(st -> table.put(st.pid(), st));
            }
        }
        return table;
    }

    /** Every process by pid, zombies included. */
    Map<Long, ProcStat> scan() {
        Map<Long, ProcStat> table = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                ProcStat.read(proc, Long.parseLong(dir.getFileName().toString())).ifPresent(st -> table.put(st.pid(), st));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": posix isolation needs a Linux /proc", e);
        }
        return table;
    }

    /**
     * The live (not zombie) members of the container marked {@code marker} whose first process is
     * {@code root} (pid, start time; 0 if unknown), from {@code table}.
     */
    Map<Long, ProcStat> members(Map<Long, ProcStat> table, String marker, long root, long rootStart) {
        Map<Long, ProcStat> result = new LinkedHashMap<>();
        // NOTE: Linux does not reuse a pid while it names a live session, so processes in session
        // `root` are the container's, unless a process now holds pid `root` with another start time.
        ProcStat leader = root > 0 ? table.get(root) : null;
        boolean sessionIsOurs = root > 0 && (leader == null || rootStart == 0 || leader.startTime() == rootStart);
        Map<Long, List<ProcStat>> children = new HashMap<>();
        for (ProcStat st : table.values()) {
            children.computeIfAbsent(st.ppid(), k -> new ArrayList<>()).add(st);
            if (sessionIsOurs && st.session() == root) {
                result.put(st.pid(), st);
            }
        }
        descendants(result, children);
        if (!marker.isEmpty()) {
            // An escapee left the session and lost its parent: it was reparented to an older process
            // (init or a subreaper). Only such processes, started after the container, are read.
            for (ProcStat st : table.values()) {
                if (result.containsKey(st.pid()) || (rootStart != 0 && st.startTime() < rootStart)) {
                    continue;
                }
                ProcStat parent = table.get(st.ppid());
                boolean adopted = parent == null || st.ppid() <= 1 || (rootStart != 0 && parent.startTime() < rootStart);
                if (adopted && marker.equals(environ(st.pid()).get(MARKER))) {
                    result.put(st.pid(), st);
                }
            }
            descendants(result, children);
        }
        result.values().removeIf(ProcStat::isZombie);
        return result;
    }

    /** Adds the descendants of the members, whatever session they made for themselves. */
    private static void descendants(Map<Long, ProcStat> result, Map<Long, List<ProcStat>> children) {
        List<Long> work = new ArrayList<>(result.keySet());
        for (int i = 0; i < work.size() && i < 100_000; i++) {
            for (ProcStat child : children.getOrDefault(work.get(i), List.of())) {
                if (result.putIfAbsent(child.pid(), child) == null) {
                    work.add(child.pid());
                }
            }
        }
    }

    /** The values of {@value #MARKER} of every live process with one, by pid. */
    Map<Long, String> markers(Map<Long, ProcStat> table) {
        Map<Long, String> result = new HashMap<>();
        for (ProcStat st : table.values()) {
            if (!st.isZombie()) {
                String m = environ(st.pid()).get(MARKER);
                if (m != null) {
                    result.put(st.pid(), m);
                }
            }
        }
        return result;
    }

    /** The environment of a process; empty if it is gone or cannot be read. */
    Map<String, String> environ(long pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String kv = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }

    /** Resident memory of a process in bytes; 0 if it is gone. */
    long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).strip().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // always in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between the scan and now: it uses nothing
        }
        return 0;
    }

    /** Whether {@code pid} runs now with that start time (0: any), and is not a zombie. */
    boolean alive(long pid, long startTime) {
        Optional<ProcStat> st = stat(pid);
        return st.isPresent() && !st.get().isZombie() && (startTime == 0 || st.get().startTime() == startTime);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
