package org.allot.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads /proc for the tests' process assertions. */
final class Procs {

    private Procs() {
    }

    /** Live (non-zombie) processes whose process group or session is {@code group}. */
    static long liveInGroup(long group) throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Procs::stat).filter(f -> f != null && !f[0].equals("Z") && !f[0].equals("X")
                            && (Long.parseLong(f[2]) == group || Long.parseLong(f[3]) == group))
                    .count();
        }
    }

    /** Live (non-zombie) processes whose command line starts with {@code prefix}. */
    static java.util.Set<Long> withCommandLine(String prefix) throws IOException {
        java.util.Set<Long> found = new java.util.HashSet<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(pid -> {
                try {
                    String cmd = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")),
                            java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
                    String[] f = stat(pid);
                    if (cmd.startsWith(prefix) && f != null && !f[0].equals("Z") && !f[0].equals("X")) {
                        found.add(Long.parseLong(pid));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            });
        }
        return found;
    }

    /** The session of a live process: the container's supervisor leads it. */
    static long sessionOf(long pid) {
        String[] f = stat(Long.toString(pid));
        if (f == null) {
            throw new IllegalStateException("process " + pid + " is gone");
        }
        return Long.parseLong(f[3]);
    }

    /** Fields 3.. of /proc/<pid>/stat (state, ppid, pgrp, session, ...), or null if it is gone. */
    private static String[] stat(String pid) {
        try {
            String s = Files.readString(Path.of("/proc", pid, "stat"));
            return s.substring(s.lastIndexOf(')') + 1).strip().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
