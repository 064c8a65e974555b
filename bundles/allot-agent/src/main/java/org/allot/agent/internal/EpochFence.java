package org.allot.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's fence against deposed masters: every message from a master carries its leader epoch,
 * and the agent refuses orders from an epoch older than the newest it has seen (from the detector,
 * or on a message). Each launch it accepts is logged with its epoch, in the agent's log and in
 * {@value #FILE} in its work dir, one line per launch:
 * {@code <epoch millis> epoch=<e> master=<id> framework=<f> task=<t>}, so that a test (or an
 * operator) can check that no launch was accepted from two masters in overlapping time.
 *
 * <p>Threading: the agent's event loop only. State: the newest epoch seen (not checkpointed: a
 * restarted agent learns it again from its detector and its first master's messages).
 */
final class EpochFence {

    static final String FILE = "fencing.log";
    private static final Logger LOG = LoggerFactory.getLogger(EpochFence.class);

    private final Path file;
    private final Supplier<Instant> clock;
    private long newest;

    EpochFence(Path workDir, Supplier<Instant> clock) {
        this.file = workDir.resolve(FILE);
        this.clock = clock;
    }

    /** The newest epoch seen. */
    long newest() {
        return newest;
    }

    /** The detector or a connection names a master of {@code epoch}. */
    void seen(long epoch) {
        newest = Math.max(newest, epoch);
    }

    /**
     * Whether a message of {@code epoch} may be obeyed: not older than the newest seen (which it
     * then becomes). A refusal is logged naming {@code what}.
     */
    boolean admits(long epoch, String what) {
        if (epoch < newest) {
            LOG.warn("Refused {} from a master of epoch {}: epoch {} is the newest this agent has seen (that master"
                    + " was deposed)", what, epoch, newest);
            return false;
        }
        newest = epoch;
        return true;
    }

    /** A launch was accepted from the master {@code masterId} of {@code epoch}: logged, and appended to the file. */
    void launched(long epoch, String masterId, String frameworkId, String taskId) {
        Instant now = clock.get();
        LOG.info("Accepted the launch of task {} of framework {} from master {} of epoch {}", taskId, frameworkId,
                masterId, epoch);
        String line = now.toEpochMilli() + " epoch=" + epoch + " master=" + masterId + " framework=" + frameworkId
                + " task=" + taskId + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not append to the fencing log {}: {}", file, e.toString());
        }
    }
}
