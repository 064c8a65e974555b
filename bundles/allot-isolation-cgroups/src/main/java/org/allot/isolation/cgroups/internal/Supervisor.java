package org.allot.isolation.cgroups.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.allot.spi.isolation.ContainerExit;

/**
 * The container's first process: a few lines of POSIX shell that hold until the launcher lets them go,
 * run the command, and record its exit status in the run dir, so the status survives the agent.
 *
 * <p>The argv is {@code setsid sh -c SCRIPT allot-supervisor RUN_DIR COMMAND...} ({@code /bin/sh}:
 * dash on Debian, a third of bash's start-up time). {@code setsid}
 * (util-linux) makes the process a session and group leader and execs in place, so the forked pid
 * is the supervisor's. The supervisor is held on a line from its stdin: the launcher writes it in
 * {@code start}, after the isolators moved the pid into their cgroups, so the command and all it
 * forks are born inside them. If the agent dies before that, stdin reaches end of file and the
 * supervisor records 126 without running anything. The command's status as a shell reports it
 * (128 + N when killed by signal N) goes to {@code RUN_DIR/exit}; the supervisor's pid and start
 * time go to {@code RUN_DIR/pid} (written by the launcher) to find it again after a restart.
 */
final class Supervisor {

    static final String EXIT_FILE = "exit";
    static final String PID_FILE = "pid";
    /** The status recorded when the agent died between fork and start. */
    static final int NEVER_STARTED = 126;

    private static final String SCRIPT = "run=$1; shift\n"
            + "if ! IFS= read -r go || [ \"$go\" != go ]; then\n"
            + "  echo 'allot: the agent went away before the container was started' >&2\n"
            + "  echo " + NEVER_STARTED + " > \"$run/" + EXIT_FILE + "\"; exit " + NEVER_STARTED + "\n"
            + "fi\n"
            + "exec </dev/null\n"
            + "\"$@\"\n"
            + "st=$?\n"
            + "echo $st > \"$run/" + EXIT_FILE + "\"\n"
            + "exit $st\n";

    private Supervisor() {
    }

    static List<String> argv(String setsid, String shell, Path runDir, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(setsid, shell, "-c", SCRIPT, "allot-supervisor",
                runDir.toString()));
        argv.addAll(command);
        return argv;
    }

    /** The status the supervisor recorded, if it did. */
    static OptionalInt recordedExit(Path runDir) {
        try {
            String s = Files.readString(runDir.resolve(EXIT_FILE), StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The exit to report once the supervisor process is gone. */
    static ContainerExit exit(Path runDir, OptionalInt supervisorStatus) {
        OptionalInt recorded = recordedExit(runDir);
        if (recorded.isPresent()) {
            return ContainerExit.exited(recorded.getAsInt());
        }
        if (supervisorStatus.isPresent()) {
            // Killed itself before it could record (e.g. by destroy): its own status says how.
            return ContainerExit.exited(supervisorStatus.getAsInt());
        }
        return ContainerExit.unknown("the supervisor of the container ended without recording an exit status in "
                + runDir.resolve(EXIT_FILE) + " while no agent was watching it");
    }

    static void writePid(Path runDir, long pid, long startTime) throws IOException {
        Files.writeString(runDir.resolve(PID_FILE), pid + " " + startTime + "\n", StandardCharsets.US_ASCII);
    }

    /** {pid, start time} from the run dir, if recorded. */
    static Optional<long[]> readPid(Path runDir) {
        try {
            String[] f = Files.readString(runDir.resolve(PID_FILE), StandardCharsets.US_ASCII).strip().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or -1 if the process is gone. */
    static long startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether the process {@code pid} started at {@code startTime} still runs (not a zombie). */
    static boolean alive(long pid, long startTime) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            String[] f = rest.split(" ");
            return f[0].charAt(0) != 'Z' && f[0].charAt(0) != 'X' && Long.parseLong(f[19]) == startTime;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String findProgram(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " not found in /usr/bin or /bin: the cgroups launcher needs " + name
                + (name.equals("setsid") ? " from util-linux; install util-linux" : "; install it"));
    }
}
