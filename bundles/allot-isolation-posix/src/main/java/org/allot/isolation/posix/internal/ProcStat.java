package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} the isolator needs (see proc(5)). Times are in clock
 * ticks ({@code getconf CLK_TCK}, 100 on Linux).
 *
 * @param pid       the process id (field 1)
 * @param state     the state letter (field 3), e.g. {@code R}, {@code S}, {@code Z} for a zombie
 * @param ppid      the parent (field 4)
 * @param pgrp      the process group (field 5)
 * @param session   the session (field 6)
 * @param utime     user time of the process (field 14)
 * @param stime     system time of the process (field 15)
 * @param cutime    user time of its waited-for children (field 16)
 * @param cstime    system time of its waited-for children (field 17)
 * @param startTime when the process started, in ticks after boot (field 22); with the pid it
 *                  identifies a process even after its pid is reused
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long utime, long stime, long cutime,
                long cstime, long startTime) {

    /** Whether the process has exited and waits to be reaped (or is being reaped). */
    boolean isZombie() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Reads the process's stat; empty if it does not exist (any more) or cannot be read. */
    static Optional<ProcStat> read(Path proc, long pid) {
        try {
            return Optional.of(parse(new String(Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("stat")),
                    java.nio.charset.StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // The process may vanish between listing and reading; a half-read file is as good as gone.
            return Optional.empty();
        }
    }

    /**
     * Parses one stat line. NOTE: the command name (field 2) is in parentheses and may itself
     * contain spaces and parentheses, so the fields after it are found from the last ')'.
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + line + "'");
        }
        long pid = Long.parseLong(line.substring(0, open).strip());
        String[] f = line.substring(close + 1).strip().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        if (f.length < 20) {
            throw new IllegalArgumentException("/proc/" + pid + "/stat has " + (f.length + 2) + " fields, expected 22 or more");
        }
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]),
                Long.parseLong(f[19]));
    }
}
