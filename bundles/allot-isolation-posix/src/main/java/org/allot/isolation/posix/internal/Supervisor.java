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
 * Its standard output and error are the sandbox's {@code stdout} and {@code stderr} files; its
 * standard input is a pipe from the launcher. It reads one line: {@code go} lets it run the command;
 * end of file (the agent died before {@code start}) makes it record {@value #GAVE_UP} and exit. It
 * then reads from {@code /dev/null}, so no pipe to the agent stays open.
 *
 * <p>NOTE: a leading {@code prlimit --nofile=N:N --as=B:B --} in the argv (the posix isolator's
 * decoration) is applied with the shell's {@code ulimit} instead of an exec of {@code prlimit}: the
 * same limits, one exec fewer per container. Any other {@code prlimit} option leaves the argv alone.
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
            "rd=$1; shift",
            "if ! IFS= read -r go; then",
            "  echo 'allot supervisor: the agent went away before it started the container' >&2",
            "  echo " + GAVE_UP + " >\"$rd/" + EXIT_FILE + "\"",
            "  exit " + GAVE_UP,
            "fi",
            "exec </dev/null",
            // A leading "prlimit --nofile=N:N --as=B:B --" (the posix isolator's decoration) is applied
            // with the shell's ulimit, saving an exec; any other prlimit option leaves the argv as it is.
            "if [ \"${1##*/}\" = prlimit ]; then",
            "  fast=1; first=1",
            "  for a in \"$@\"; do",
            "    if [ $first = 1 ]; then first=0; continue; fi",
            "    case \"$a\" in",
            "      --) break ;;",
            "      --nofile=*|--as=*) v=${a#*=}; [ \"${v%%:*}\" = \"${v#*:}\" ] || { fast=0; break; } ;;",
            "      *) fast=0; break ;;",
            "    esac",
            "  done",
            "  if [ $fast = 1 ]; then",
            "    shift",
            "    while [ $# -gt 0 ] && [ \"$1\" != -- ]; do",
            "      v=${1#*=}; v=${v%%:*}",
            "      case \"$1\" in --nofile=*) ulimit -n \"$v\" ;; --as=*) ulimit -v $((v / 1024)) ;; esac || {",
            "        echo \"allot supervisor: cannot set the limit $1\" >&2; echo 125 >\"$rd/" + EXIT_FILE + "\"; exit 125; }",
            "      shift",
            "    done",
            "    [ $# -gt 0 ] && shift",
            "  fi",
            "fi",
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
                request.runDir().toString()));
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
