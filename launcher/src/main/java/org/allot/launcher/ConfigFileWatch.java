package org.allot.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a launcher's {@code --config} files and, when one changes, tells a listener, which reads
 * the command line (and so the files) again: the plain-JVM counterpart of Karaf's file install, which applies an
 * edited {@code etc/org.allot.master.cfg} to the running master. Polls the files' modification
 * times on one daemon thread; a change that cannot be read or applied is reported and the next
 * change is tried again.
 */
final class ConfigFileWatch implements AutoCloseable {

    private final List<Path> files;
    private final Runnable listener;
    private final Consumer<String> problems;
    private final List<FileTime> seen = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "allot-config-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param files    the files to watch
     * @param listener runs after a change
     * @param problems gets a line for a change that could not be read or applied
     */
    ConfigFileWatch(List<Path> files, Runnable listener, Consumer<String> problems) {
        this.files = List.copyOf(files);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.problems = Objects.requireNonNull(problems, "problems");
        files.forEach(f -> seen.add(modified(f)));
    }

    /** Starts polling every {@code interval}; nothing to do without {@code --config} files. */
    ConfigFileWatch start(Duration interval) {
        if (!files.isEmpty()) {
            timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One poll: if a file's modification time moved, the settings go to the listener. */
    void check() {
        boolean changed = false;
        for (int i = 0; i < files.size(); i++) {
            FileTime now = modified(files.get(i));
            if (!Objects.equals(now, seen.get(i))) {
                seen.set(i, now);
                changed = true;
            }
        }
        if (changed) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                problems.accept("the changed configuration of " + files + " was not applied: " + e.getMessage());
            }
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
