package org.allot.isolation.projects.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot of the processes in a {@code /proc} directory (the real one or a fake tree in tests),
 * from {@code /proc/<pid>/stat}. Zombies are left out: they run nothing and hold no memory.
 */
public final class ProcessTable {

    /** What accounting needs of one process. */
    public record Proc(long pid, long ppid, long session, long startTime, long rssBytes) {
    }

    /** Linux's page size on the machines Allot runs on; rss in /proc/pid/stat is in pages. */
    static final long PAGE_SIZE = 4096;

    private ProcessTable() {
    }

    /** Every live process under {@code proc}, by pid. */
    public static Map<Long, Proc> scan(Path proc) {
        Map<Long, Proc> table = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Proc p = read(dir.resolve("stat"));
                if (p != null) {
                    table.put(p.pid(), p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": project accounting needs a Linux /proc", e);
        }
        return table;
    }

    /** One {@code stat} file, or null when the process is gone or a zombie. */
    static Proc read(Path stat) {
        String text;
        try {
            text = Files.readString(stat, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null; // ended between the listing and the read
        }
        // NOTE: the command (field 2) is in parentheses and may contain spaces and ')'; split after the last ')'.
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = text.substring(close + 2).strip().split(" ");
        if (f.length < 22 || f[0].equals("Z") || f[0].equals("X")) {
            return null;
        }
        long pid = Long.parseLong(text.substring(0, text.indexOf(' ')));
        return new Proc(pid, Long.parseLong(f[1]), Long.parseLong(f[3]), Long.parseLong(f[19]),
                Long.parseLong(f[21]) * PAGE_SIZE);
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
