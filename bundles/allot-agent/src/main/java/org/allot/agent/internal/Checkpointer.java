package org.allot.agent.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.protocol.proto.ExecutorInfo;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskInfo;
import org.allot.spi.isolation.ContainerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;

/**
 * The agent's checkpoint: one small record file per thing that must survive a crash of the agent,
 * so that each change writes its own record and nothing else.
 *
 * <pre>
 * &lt;work_dir&gt;/meta/agent                  the agent id
 * &lt;work_dir&gt;/meta/frameworks/&lt;fid&gt;       a framework with tasks or executors here
 * &lt;work_dir&gt;/meta/containers/&lt;cid&gt;       a container: pid, isolator, sandbox, limits,
 *                                            its task id or executor
 * &lt;work_dir&gt;/meta/tasks/&lt;fid&gt;/&lt;tid&gt;      a task not yet forgotten: its TaskInfo
 * &lt;work_dir&gt;/meta/updates/&lt;fid&gt;/&lt;tid&gt;    its status updates not yet acknowledged, oldest first
 * </pre>
 *
 * A record is a header line {@code allot-checkpoint 1 <length> <crc32>} followed by {@code length}
 * bytes of properties text (protobuf values in base64, so nothing is lost in translation). It is
 * written to {@code .<name>.tmp} (no encoded id starts with a dot, so no record is ever taken for a
 * temporary file or overwritten by one), forced to disk, renamed over {@code <name>}, and the
 * directory is forced (its parent too when the directory is new), so a crash leaves the old or the
 * new record. A record whose header, length or checksum
 * does not match (torn by a crash or a full disk) is ignored with a WARN and the others are
 * recovered. File names are the ids with any character other than letters, digits, {@code -} and
 * {@code _} (and a leading dot) percent-encoded; the ids are also inside each record, and loading
 * reads them from there.
 *
 * <p>Threading: {@link #load} runs once while the agent starts, before its loop uses the
 * checkpoint; every write runs on the agent's event loop (the records are the loop's state) and
 * blocks it for a small write and an fsync. A failed write is logged at WARN naming the file and
 * the agent carries on: only a crash before the next successful write loses that change.
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final String MAGIC = "allot-checkpoint";
    private static final int FORMAT = 1;

    /** A checkpointed container; {@code task} for a command task, {@code executor} for an executor's container. */
    record Container(ContainerId id, long pid, String isolator, FrameworkId frameworkId, Path sandbox,
                     Resources limits, Optional<TaskId> task, Optional<ExecutorInfo> executor) {
    }

    /** Everything read back, and the records ignored (path and why). */
    record Recovered(Optional<AgentId> agentId, Map<FrameworkId, FrameworkInfo> frameworks,
                     List<Container> containers, Map<TaskKey, TaskInfo> tasks,
                     Map<TaskKey, List<StatusUpdate>> updates, List<String> ignored) {
        Recovered {
            frameworks = Map.copyOf(frameworks);
            containers = List.copyOf(containers);
            tasks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
            updates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(updates));
            ignored = List.copyOf(ignored);
        }
    }

    private final Path root;

    Checkpointer(Path workDir) {
        this.root = workDir.resolve("meta");
    }

    /** {@code <work_dir>/meta}. */
    Path root() {
        return root;
    }

    // ----- writes

    void saveAgentId(AgentId id) {
        Properties p = new Properties();
        p.setProperty("agent.id", id.value());
        write(root.resolve("agent"), p);
    }

    void saveFramework(FrameworkInfo framework) {
        Properties p = new Properties();
        p.setProperty("framework", framework.getFrameworkId());
        p.setProperty("info", encode(framework));
        write(frameworkFile(FrameworkId.of(framework.getFrameworkId())), p);
    }

    void removeFramework(FrameworkId id) {
        delete(frameworkFile(id));
    }

    void saveContainer(Container c) {
        Properties p = new Properties();
        p.setProperty("container", c.id().value());
        p.setProperty("pid", Long.toString(c.pid()));
        p.setProperty("isolator", c.isolator());
        p.setProperty("framework", c.frameworkId().value());
        p.setProperty("sandbox", c.sandbox().toString());
        p.setProperty("limits", c.limits().toString());
        c.task().ifPresent(t -> p.setProperty("task", t.value()));
        c.executor().ifPresent(e -> p.setProperty("executor", encode(e)));
        write(containerFile(c.id()), p);
    }

    void removeContainer(ContainerId id) {
        delete(containerFile(id));
    }

    void saveTask(TaskKey key, TaskInfo task) {
        Properties p = keyed(key);
        p.setProperty("info", encode(task));
        write(taskFile("tasks", key), p);
    }

    void removeTask(TaskKey key) {
        delete(taskFile("tasks", key));
    }

    /** Replaces the task's unacknowledged updates; an empty list removes the record. */
    void saveUpdates(TaskKey key, List<StatusUpdate> pending) {
        if (pending.isEmpty()) {
            delete(taskFile("updates", key));
            return;
        }
        Properties p = keyed(key);
        for (int i = 0; i < pending.size(); i++) {
            p.setProperty(String.format("update.%04d", i), encode(pending.get(i)));
        }
        write(taskFile("updates", key), p);
    }

    // ----- read

    /**
     * Reads every record; torn ones are skipped with a WARN and listed in {@link Recovered#ignored}.
     *
     * @throws IllegalStateException naming the directory if it cannot be listed
     */
    Recovered load() {
        List<String> ignored = new ArrayList<>();
        Optional<AgentId> agentId = Optional.empty();
        Map<FrameworkId, FrameworkInfo> frameworks = new TreeMap<>();
        List<Container> containers = new ArrayList<>();
        Map<TaskKey, TaskInfo> tasks = new TreeMap<>(KEY_ORDER);
        Map<TaskKey, List<StatusUpdate>> updates = new TreeMap<>(KEY_ORDER);
        for (Path file : recordFiles()) {
            Optional<Properties> read = read(file, ignored);
            if (read.isEmpty()) {
                continue;
            }
            Properties p = read.get();
            try {
                Path rel = root.relativize(file);
                switch (rel.getName(0).toString()) {
                    case "agent" -> agentId = Optional.of(AgentId.of(required(p, "agent.id")));
                    case "frameworks" -> frameworks.put(FrameworkId.of(required(p, "framework")),
                            decode(required(p, "info"), FrameworkInfo.parser()));
                    case "containers" -> containers.add(container(p));
                    case "tasks" -> tasks.put(key(p), decode(required(p, "info"), TaskInfo.parser()));
                    case "updates" -> {
                        List<StatusUpdate> list = new ArrayList<>();
                        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
                            if (k.startsWith("update.")) {
                                list.add(decode(p.getProperty(k), StatusUpdate.parser()));
                            }
                        }
                        updates.put(key(p), List.copyOf(list));
                    }
                    default -> ignore(file, "not a record this agent writes", ignored);
                }
            } catch (RuntimeException e) {
                ignore(file, e.getMessage(), ignored);
            }
        }
        return new Recovered(agentId, frameworks, containers, tasks, updates, ignored);
    }

    private static final java.util.Comparator<TaskKey> KEY_ORDER = java.util.Comparator
            .comparing(TaskKey::frameworkId).thenComparing(TaskKey::taskId);

    private List<Path> recordFiles() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = new ArrayList<>();
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                if (isTemporary(f)) {
                    LOG.info("Removing {}: a checkpoint record the agent was writing when it stopped", f);
                    Files.deleteIfExists(f);
                } else {
                    files.add(f);
                }
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read the agent checkpoint in " + root + ": " + e.getMessage()
                    + "; fix its permissions or delete it (the agent then registers as a new agent)", e);
        }
    }

    private Optional<Properties> read(Path file, List<String> ignored) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            ignore(file, "unreadable: " + e.getMessage(), ignored);
            return Optional.empty();
        }
        int nl = indexOf(bytes, (byte) '\n');
        String[] header = nl < 0 ? new String[0]
                : new String(bytes, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 4 || !header[0].equals(MAGIC) || !header[1].equals(Integer.toString(FORMAT))) {
            ignore(file, "no '" + MAGIC + " " + FORMAT + "' header", ignored);
            return Optional.empty();
        }
        int length;
        long crc;
        try {
            length = Integer.parseInt(header[2]);
            crc = Long.parseLong(header[3], 16);
        } catch (NumberFormatException e) {
            ignore(file, "a malformed header", ignored);
            return Optional.empty();
        }
        int bodyLength = bytes.length - nl - 1;
        if (bodyLength != length) {
            ignore(file, "torn: " + bodyLength + " of " + length + " bytes", ignored);
            return Optional.empty();
        }
        CRC32 check = new CRC32();
        check.update(bytes, nl + 1, length);
        if (check.getValue() != crc) {
            ignore(file, "torn: its checksum does not match", ignored);
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, nl + 1, length, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            ignore(file, "unparsable: " + e.getMessage(), ignored);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private static void ignore(Path file, String why, List<String> ignored) {
        LOG.warn("Ignoring checkpoint record {}: {}; it was probably being written when the agent crashed, and"
                + " what it held is not recovered", file, why);
        ignored.add(file + ": " + why);
    }

    private static Container container(Properties p) {
        return new Container(ContainerId.of(required(p, "container")), Long.parseLong(required(p, "pid")),
                required(p, "isolator"), FrameworkId.of(required(p, "framework")), Path.of(required(p, "sandbox")),
                Resources.parse(required(p, "limits")), Optional.ofNullable(p.getProperty("task")).map(TaskId::of),
                Optional.ofNullable(p.getProperty("executor")).map(v -> decode(v, ExecutorInfo.parser())));
    }

    private static TaskKey key(Properties p) {
        return new TaskKey(FrameworkId.of(required(p, "framework")), TaskId.of(required(p, "task")));
    }

    private static Properties keyed(TaskKey key) {
        Properties p = new Properties();
        p.setProperty("framework", key.frameworkId().value());
        p.setProperty("task", key.taskId().value());
        return p;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("it has no '" + key + "'");
        }
        return v;
    }

    // ----- files

    private Path frameworkFile(FrameworkId id) {
        return root.resolve("frameworks").resolve(fileName(id.value()));
    }

    private Path containerFile(ContainerId id) {
        return root.resolve("containers").resolve(fileName(id.value()));
    }

    private Path taskFile(String kind, TaskKey key) {
        return root.resolve(kind).resolve(fileName(key.frameworkId().value())).resolve(fileName(key.taskId().value()));
    }

    /** Letters, digits, '-' and '_' as they are; '.' too unless leading; anything else as %XX of its UTF-8. */
    static String fileName(String id) {
        StringBuilder b = new StringBuilder();
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            int c = utf8[i] & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && i > 0);
            b.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return b.toString();
    }

    private void write(Path file, Properties p) {
        try {
            StringWriter text = new StringWriter();
            p.store(text, null);
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] header = (MAGIC + " " + FORMAT + " " + body.length + " " + Long.toHexString(crc.getValue()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                forceDirectory(dir.getParent()); // the new directory's own entry must survive a crash too
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.allocate(header.length + body.length).put(header).put(body).flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            LOG.warn("Cannot write the checkpoint record {}: {}; if the agent crashes now its successor will not"
                    + " recover this change: check the work dir's disk space and permissions", file, e.toString());
        }
    }

    private void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                forceDirectory(file.getParent());
                if (!file.getParent().getParent().equals(root)) {
                    Files.deleteIfExists(file.getParent()); // an emptied tasks/<fid> or updates/<fid>
                }
            }
        } catch (DirectoryNotEmptyException e) {
            // other tasks of the framework remain
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.warn("Cannot remove the checkpoint record {}: {}; a restarted agent would recover it: check the work"
                    + " dir's permissions", file, e.toString());
        }
    }

    /** A record being written when the agent stopped: {@code .<name>.tmp}, a name no encoded id has. */
    private static boolean isTemporary(Path f) {
        String name = f.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** Makes a rename or delete in {@code dir} durable; not every platform can, which is not an error. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} to disk: {}", dir, e.toString());
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String encode(MessageLite m) {
        return Base64.getEncoder().encodeToString(m.toByteArray());
    }

    private static <T> T decode(String base64, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(Base64.getDecoder().decode(base64));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a protobuf message: " + e.getMessage(), e);
        }
    }
}
