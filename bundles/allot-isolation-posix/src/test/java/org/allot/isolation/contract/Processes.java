package org.allot.isolation.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers of the contract suites: find live processes by command line, await stages. */
public final class Processes {

    private Processes() {
    }

    /** Pids of live (not zombie) processes whose command line starts with {@code prefix}. */
    public static Set<Long> withCommandLine(String prefix) {
        Set<Long> pids = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                try {
                    String cmd = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    String stat = Files.readString(dir.resolve("stat"));
                    char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
                    if (cmd.startsWith(prefix) && state != 'Z' && state != 'X') {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** The stage's value, failing the test if it takes more than {@code seconds}. */
    public static <T> T await(CompletionStage<T> stage, int seconds) throws Exception {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + seconds + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** The exception the stage completed with; fails the test if it completed normally. */
    public static Throwable failure(CompletionStage<?> stage, int seconds) throws Exception {
        try {
            stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stage completed normally; expected it to fail");
    }
}
