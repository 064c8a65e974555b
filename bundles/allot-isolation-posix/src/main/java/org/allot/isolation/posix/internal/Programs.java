package org.allot.isolation.posix.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the util-linux and shell programs posix isolation execs. */
final class Programs {

    private Programs() {
    }

    /** The absolute path of {@code name} in PATH or the usual bin dirs. */
    static String find(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " not found in PATH or /usr/bin, /bin: posix isolation needs sh, and"
                + " setsid and prlimit from util-linux; install util-linux");
    }
}
