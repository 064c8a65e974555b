package org.allot.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.allot.api.Resource;
import org.allot.api.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out what an agent offers: exactly the configured resources if there are any (what the
 * operator wrote is what is offered; what was detected besides is logged at INFO), otherwise what
 * the machine has:
 *
 * <ul>
 * <li>cpus: the processors available to the JVM;</li>
 * <li>mem: MemTotal from /proc/meminfo in MB, less a reserve for the OS: configured, or
 * min(1024 MB, 25%) (a 24 GB machine offers 23552 MB, a 2 GB one 1536 MB);</li>
 * <li>disk: usable space of the work dir's file system in MB, less a reserve: configured, or
 * min(5120 MB, 10%);</li>
 * <li>ports: [31000-32000], as in Mesos.</li>
 * </ul>
 *
 * <p>Stateless; any thread (it reads /proc and the file system).
 */
final class ResourceDetector {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceDetector.class);

    private ResourceDetector() {
    }

    /** The configured resources if any, else {@link #detect}. */
    static Resources offered(AgentConfig config, Path meminfo) {
        Resources detected = detect(config, meminfo);
        if (config.resources().isEmpty()) {
            return detected;
        }
        Resources configured = config.resources().get();
        LOG.info("Offering only the configured resources {}; detected but not offered: {}", configured, detected);
        return configured;
    }

    /** What the machine has: cpus, mem, disk and ports, zero amounts left out. */
    static Resources detect(AgentConfig config, Path meminfo) {
        Resources.Builder b = Resources.builder();
        b.scalar("cpus", Runtime.getRuntime().availableProcessors());
        long memMb = memTotalMb(meminfo);
        long memReserve = config.memReserveMb() >= 0 ? config.memReserveMb() : Math.min(1024, memMb / 4);
        b.scalar("mem", Math.max(0, memMb - memReserve));
        long diskMb = diskMb(config.workDir());
        long diskReserve = config.diskReserveMb() >= 0 ? config.diskReserveMb() : Math.min(5120, diskMb / 10);
        b.scalar("disk", Math.max(0, diskMb - diskReserve));
        b.range("ports", 31000, 32000);
        // Drop zero scalars (e.g. no disk reading) rather than offer "disk:0".
        Resources.Builder nonZero = Resources.builder();
        for (Resource r : b.build().entries()) {
            if (!r.isEmpty()) {
                nonZero.add(r);
            }
        }
        return nonZero.build();
    }

    static long memTotalMb(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).strip().split("\\s+")[0]) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the JVM's view
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    private static long diskMb(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
        } catch (IOException e) {
            return 0;
        }
    }
}
