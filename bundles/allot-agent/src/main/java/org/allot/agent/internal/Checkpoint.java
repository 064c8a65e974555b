package org.allot.agent.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.proto.ExecutorInfo;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.TaskInfo;
import org.allot.spi.isolation.ContainerId;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;

/**
 * What the agent must know after a restart, in {@code <work_dir>/checkpoint.properties}: its id,
 * and for each running container its pid, isolator, sandbox, limits and what runs in it (the task
 * or executor and the executor's tasks, as base64 protobuf so nothing is lost in translation).
 * Written whole to a temporary file and renamed over the old one, so a crash leaves the old or the
 * new checkpoint, never half of one.
 *
 * <pre>
 * agent.id=a-1-3
 * framework.f-1=CgNmLTESBHRlc3Q...
 * container.7c9e....pid=4711
 * container.7c9e....isolator=posix
 * container.7c9e....framework=f-1
 * container.7c9e....sandbox=/tmp/allot-agent-5051/frameworks/f-1/tasks/t1
 * container.7c9e....limits=cpus:0.1;mem:32
 * container.7c9e....task=CgJ0MRIC...            (a command task), or
 * container.7c9e....executor=CgJlMRIC...        (an executor) with
 * container.7c9e....executor_task.t2=CgJ0MhIC... (each of its running tasks)
 * </pre>
 */
final class Checkpoint {

    /** One container as checkpointed. */
    record Container(ContainerId id, long pid, String isolator, FrameworkId frameworkId, Path sandbox,
                     Resources limits, Optional<TaskInfo> task, Optional<ExecutorInfo> executor,
                     List<TaskInfo> executorTasks) {
        Container {
            executorTasks = List.copyOf(executorTasks);
        }
    }

    /** The agent's whole checkpoint. */
    record State(Optional<AgentId> agentId, Map<FrameworkId, FrameworkInfo> frameworks, List<Container> containers) {
        State {
            frameworks = Map.copyOf(frameworks);
            containers = List.copyOf(containers);
        }

        static State empty() {
            return new State(Optional.empty(), Map.of(), List.of());
        }
    }

    private final Path file;

    Checkpoint(Path workDir) {
        this.file = workDir.resolve("checkpoint.properties");
    }

    Path file() {
        return file;
    }

    /**
     * Reads the checkpoint; empty if there is none.
     *
     * @throws IllegalStateException naming the file and the entry if it cannot be read
     */
    State load() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return State.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the agent checkpoint " + file + ": " + e.getMessage()
                    + "; fix or delete it (the agent then registers as a new agent)", e);
        }
        try {
            Optional<AgentId> id = Optional.ofNullable(p.getProperty("agent.id")).map(AgentId::of);
            Map<FrameworkId, FrameworkInfo> frameworks = new TreeMap<>();
            TreeSet<String> containerIds = new TreeSet<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("framework.")) {
                    frameworks.put(FrameworkId.of(key.substring(10)), decode(p.getProperty(key), FrameworkInfo.parser()));
                } else if (key.startsWith("container.") && key.endsWith(".pid")) {
                    containerIds.add(key.substring(10, key.length() - 4));
                }
            }
            List<Container> containers = new ArrayList<>();
            for (String cid : containerIds) {
                String prefix = "container." + cid + ".";
                List<TaskInfo> executorTasks = new ArrayList<>();
                for (String key : new TreeSet<>(p.stringPropertyNames())) {
                    if (key.startsWith(prefix + "executor_task.")) {
                        executorTasks.add(decode(p.getProperty(key), TaskInfo.parser()));
                    }
                }
                containers.add(new Container(ContainerId.of(cid), Long.parseLong(p.getProperty(prefix + "pid")),
                        p.getProperty(prefix + "isolator"), FrameworkId.of(p.getProperty(prefix + "framework")),
                        Path.of(p.getProperty(prefix + "sandbox")), Resources.parse(p.getProperty(prefix + "limits")),
                        Optional.ofNullable(p.getProperty(prefix + "task")).map(v -> decode(v, TaskInfo.parser())),
                        Optional.ofNullable(p.getProperty(prefix + "executor")).map(v -> decode(v, ExecutorInfo.parser())),
                        executorTasks));
            }
            return new State(id, frameworks, containers);
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt agent checkpoint " + file + ": " + e.getMessage()
                    + "; fix or delete it (the agent then registers as a new agent)", e);
        }
    }

    /** Replaces the checkpoint with {@code state}, atomically. */
    void save(State state) throws IOException {
        Properties p = new Properties();
        state.agentId().ifPresent(id -> p.setProperty("agent.id", id.value()));
        state.frameworks().forEach((id, f) -> p.setProperty("framework." + id.value(), encode(f)));
        for (Container c : state.containers()) {
            String prefix = "container." + c.id().value() + ".";
            p.setProperty(prefix + "pid", Long.toString(c.pid()));
            p.setProperty(prefix + "isolator", c.isolator());
            p.setProperty(prefix + "framework", c.frameworkId().value());
            p.setProperty(prefix + "sandbox", c.sandbox().toString());
            p.setProperty(prefix + "limits", c.limits().toString());
            c.task().ifPresent(t -> p.setProperty(prefix + "task", encode(t)));
            c.executor().ifPresent(e -> p.setProperty(prefix + "executor", encode(e)));
            for (TaskInfo t : c.executorTasks()) {
                p.setProperty(prefix + "executor_task." + t.getTaskId(), encode(t));
            }
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Allot agent checkpoint: written by the agent, read when it restarts");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
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
