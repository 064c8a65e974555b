package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file operations the cgroup code does, so that tests can run it over a fake cgroupfs tree that
 * behaves like the kernel (control files appear on mkdir, {@code cgroup.kill} empties a cgroup).
 * {@link #direct()} is the real one.
 */
public interface CgroupIo {

    String read(Path file) throws IOException;

    /** Writes an existing control file; never creates one (the kernel makes them). */
    void write(Path file, String value) throws IOException;

    /** Creates a cgroup directory; true if it was created, false if it existed. */
    boolean mkdir(Path dir) throws IOException;

    /** Removes a cgroup directory; false if it did not exist. */
    boolean rmdir(Path dir) throws IOException;

    boolean exists(Path path);

    /** The names of the subdirectories of {@code dir}; empty if it does not exist. */
    List<String> subdirectories(Path dir) throws IOException;

    /** Plain file operations: what the kernel's cgroupfs answers to. */
    static CgroupIo direct() {
        return Direct.INSTANCE;
    }

    /** The real filesystem. */
    final class Direct implements CgroupIo {
        static final Direct INSTANCE = new Direct();

        private Direct() {
        }

        @Override
        public String read(Path file) throws IOException {
            return Files.readString(file, StandardCharsets.US_ASCII);
        }

        @Override
        public void write(Path file, String value) throws IOException {
            // NOTE: one write(2) per value: cgroupfs parses each write on its own.
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        }

        @Override
        public boolean mkdir(Path dir) throws IOException {
            if (Files.isDirectory(dir)) {
                return false;
            }
            try {
                Files.createDirectory(dir);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }

        @Override
        public boolean rmdir(Path dir) throws IOException {
            try {
                Files.delete(dir);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public List<String> subdirectories(Path dir) throws IOException {
            List<String> names = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return names;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isDirectory)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
            return names;
        }
    }
}
