package org.allot.agent.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.protocol.proto.ExecutorInfo;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.TaskInfo;
import org.allot.spi.isolation.ContainerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Carries the checkpoint of an agent of the previous version ({@code <work_dir>/checkpoint.properties},
 * one file rewritten whole) into the {@link Checkpointer}'s records, so that an agent upgraded
 * while its tasks run re-adopts them. Runs once: the old file is then renamed to
 * {@code checkpoint.properties.migrated}.
 *
 * <p>Threading: called once while the agent starts, before its loop uses the checkpoint.
 */
final class LegacyCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyCheckpoint.class);
    private static final String FILE = "checkpoint.properties";

    private LegacyCheckpoint() {
    }

    /**
     * Migrates {@code <work_dir>/checkpoint.properties} if there is one.
     *
     * @throws IllegalStateException naming the file and the entry if it cannot be read
     */
    static void migrate(Path workDir, Checkpointer checkpointer) {
        Path file = workDir.resolve(FILE);
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the old agent checkpoint " + file + ": " + e.getMessage()
                    + "; fix or delete it (the agent then registers as a new agent)", e);
        }
        try {
            Optional.ofNullable(p.getProperty("agent.id")).map(AgentId::of).ifPresent(checkpointer::saveAgentId);
            TreeSet<String> keys = new TreeSet<>(p.stringPropertyNames());
            int containers = 0;
            for (String key : keys) {
                if (key.startsWith("framework.")) {
                    checkpointer.saveFramework(decode(p.getProperty(key), FrameworkInfo.parser()));
                } else if (key.startsWith("container.") && key.endsWith(".pid")) {
                    migrateContainer(p, keys, key.substring(10, key.length() - 4), checkpointer);
                    containers++;
                }
            }
            Files.move(file, file.resolveSibling(FILE + ".migrated"));
            LOG.info("Migrated the checkpoint {} of the previous agent version ({} container(s)) to {}", file,
                    containers, checkpointer.root());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot migrate the old agent checkpoint " + file + ": " + e.getMessage()
                    + "; fix or delete it (the agent then registers as a new agent)", e);
        }
    }

    private static void migrateContainer(Properties p, TreeSet<String> keys, String cid, Checkpointer checkpointer) {
        String prefix = "container." + cid + ".";
        FrameworkId fid = FrameworkId.of(p.getProperty(prefix + "framework"));
        Optional<TaskInfo> task = Optional.ofNullable(p.getProperty(prefix + "task"))
                .map(v -> decode(v, TaskInfo.parser()));
        Optional<ExecutorInfo> executor = Optional.ofNullable(p.getProperty(prefix + "executor"))
                .map(v -> decode(v, ExecutorInfo.parser()));
        task.ifPresent(t -> checkpointer.saveTask(new TaskKey(fid, TaskId.of(t.getTaskId())), t));
        for (String key : keys) {
            if (key.startsWith(prefix + "executor_task.")) {
                TaskInfo t = decode(p.getProperty(key), TaskInfo.parser());
                checkpointer.saveTask(new TaskKey(fid, TaskId.of(t.getTaskId())), t);
            }
        }
        checkpointer.saveContainer(new Checkpointer.Container(ContainerId.of(cid),
                Long.parseLong(p.getProperty(prefix + "pid")), p.getProperty(prefix + "isolator"), fid,
                Path.of(p.getProperty(prefix + "sandbox")), Resources.parse(p.getProperty(prefix + "limits")),
                task.map(t -> TaskId.of(t.getTaskId())), executor));
    }

    private static <T> T decode(String base64, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(Base64.getDecoder().decode(base64));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a protobuf message: " + e.getMessage(), e);
        }
    }
}
