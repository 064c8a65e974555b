package org.allot.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM running one of Allot's mains on this JVM's class path, with its output copied to a log
 * file and watched for a line the parent waits for ("master listening on 127.0.0.1:40123").
 * {@link #close()} ends the child and every process it started (tasks, executors), so nothing is
 * left behind.
 */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    private record Watch(Pattern pattern, CompletableFuture<Matcher> match) {
    }

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(this::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM (heap capped at {@code maxHeapMb}),
     * appending its standard output and error to {@code log}.
     */
    public static JavaProcess start(String name, Class<?> mainClass, List<String> args, Path log, int maxHeapMb)
            throws IOException {
        return start(name, System.getProperty("java.class.path"), mainClass, args, log, maxHeapMb);
    }

    /** As {@link #start(String, Class, List, Path, int)}, with the child's class path given. */
    public static JavaProcess start(String name, String classPath, Class<?> mainClass, List<String> args, Path log,
                                    int maxHeapMb) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeapMb + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new JavaProcess(name, process, log);
    }

    /**
     * Waits until the child prints a line matching {@code regex} and returns the match; fails with
     * the child's name, its last lines and its log file if it exits or the time runs out first.
     */
    public Matcher awaitLine(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        CompletableFuture<Matcher> match = new CompletableFuture<>();
        watches.add(new Watch(pattern, match));
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                match.complete(matcher);
            }
        }
        process.onExit().thenRun(() -> match.completeExceptionally(new IOException(
                name + " exited with status " + process.exitValue() + " before printing /" + regex + "/")));
        try {
            return match.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(name + " did not print /" + regex + "/ within " + timeout.toSeconds() + " s; "
                    + tail() + "; full output in " + log);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage() + "; " + tail() + "; full output in " + log, e.getCause());
        }
    }

    /** The lines printed so far that contain a match of {@code regex}. */
    public List<String> linesMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines.stream().filter(l -> pattern.matcher(l).find()).toList();
    }

    /** Calls {@code listener} with every line the child prints from now on, on the output thread. */
    public void onLine(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * {@code kill -9} of the child JVM alone, as a crash: its descendants (an agent's tasks) are left
     * running. Returns once the child is gone.
     */
    public void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
        }
    }

    /** SIGKILL to the child alone, as a crash: no shutdown hook runs; its descendants are left. */
    public void kill() throws InterruptedException {
        closing = true;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Ends the child: SIGTERM to it and its descendants, SIGKILL to whatever is left after 5 s. */
    @Override
    public void close() {
        closing = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private String tail() {
        int from = Math.max(0, lines.size() - 10);
        return "last lines of " + name + ": " + String.join(" | ", lines.subList(from, lines.size()));
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                     new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(line);
                lines.add(line);
                if (lines.size() > 200) {
                    lines.remove(0);
                }
                for (java.util.function.Consumer<String> l : listeners) {
                    l.accept(line);
                }
                for (Watch watch : watches) {
                    Matcher matcher = watch.pattern().matcher(line);
                    if (matcher.find()) {
                        watch.match().complete(matcher);
                    }
                }
            }
        } catch (IOException e) {
            // close() ends the child and closes its output under this reader: a normal end.
            if (!closing) {
                throw new UncheckedIOException("reading the output of " + name, e);
            }
        }
    }
}
