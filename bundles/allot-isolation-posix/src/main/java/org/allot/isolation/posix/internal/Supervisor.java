package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.allot.spi.isolation.LaunchRequest;

/**
 * The per-container supervisor: a few lines of POSIX shell that become the container's first
 * process and session leader, wait to be let go, run the command, wait for it, and write its exit
 * status to {@code <run dir>/exit}, whether or not the agent still runs. It costs one {@code sh}
 * (about a millisecond and a few hundred kB), not a JVM.
 *
 * <h2>Protocol</h2>
 * The supervisor prints {@code ready} on its standard output (a pipe to the launcher) once it runs
 * in its own session, then reads one line from its standard input (a pipe from the launcher):
 * {@code go} lets it run the command; end of file (the agent died before {@code start}) makes it
 * record {@value #GAVE_UP} and exit. It then points its own standard streams at {@code /dev/null}
 * and the sandbox's {@code stdout}/{@code stderr}, so that no pipe to the agent stays open.
 *
 * <p>It forwards SIGTERM and SIGHUP to the command. NOTE: a non-interactive shell starts the
 * command with SIGINT and SIGQUIT ignored (POSIX, asynchronous lists without job control); the
 * agent never uses them.
 */
final class Supervisor {

    /** The exit status recorded when the agent went away before it started the container. */
    static final int GAVE_UP = 126;
    static final String EXIT_FILE = "exit";
    static final String RECORD_FILE = "supervisor";

    private static final String SCRIPT = String.join("\n",
            "rd=$1; out=$2; err=$3; shift 3",
            "echo ready",
            "if ! IFS= read -r go; then",
            "  echo 'allot supervisor: the agent went away before it started the container' >>\"$err\"",
            "  echo " + GAVE_UP + " >\"$rd/" + EXIT_FILE + "\"",
            "  exit " + GAVE_UP,
            "fi",
            "exec </dev/null >>\"$out\" 2>>\"$err\"",
            "c=",
            "trap 'kill -TERM $c 2>/dev/null' TERM",
            "trap 'kill -HUP $c 2>/dev/null' HUP",
            "\"$@\" &",
            "c=$!",
            "while :; do wait \"$c\"; s=$?; kill -0 \"$c\" 2>/dev/null || break; done",
            "echo \"$s\" >\"$rd/" + EXIT_FILE + "\"",
            "exit \"$s\"");

    private Supervisor() {
    }

    /** The argv that runs {@code request} under a supervisor in a new session. */
    static List<String> argv(String setsid, String sh, LaunchRequest request) {
        List<String> argv = new ArrayList<>(List.of(setsid, sh, "-c", SCRIPT, "allot-supervisor",
                request.runDir().toString(), request.stdout().toString(), request.stderr().toString()));
        argv.addAll(request.argv());
        return argv;
    }

    /** The exit status the supervisor recorded in {@code runDir}; empty if none (yet). */
    static OptionalInt readExit(Path runDir) {
        try {
            String s = Files.readString(runDir.resolve(EXIT_FILE), StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Records the supervisor's pid and start time, to tell it from a reused pid after a restart. */
    static void writeRecord(Path runDir, long pid, long startTime) throws IOException {
        Path tmp = runDir.resolve(RECORD_FILE + ".tmp");
        Files.writeString(tmp, pid + " " + startTime + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, runDir.resolve(RECORD_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The supervisor's {pid, start time} from its record; null if there is none. */
    static long[] readRecord(Path runDir) {
        try {
            String[] f = Files.readString(runDir.resolve(RECORD_FILE), StandardCharsets.US_ASCII).strip().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
