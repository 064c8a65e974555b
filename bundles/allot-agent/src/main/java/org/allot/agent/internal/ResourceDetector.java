package org.allot.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * Works out what an agent offers: the configured resources, plus for each of {@code cpus},
 * {@code mem}, {@code disk} and {@code ports} not configured, what the machine has.
 *
 * <ul>
 * <li>cpus: the processors available to the JVM;</li>
 * <li>mem: MemTotal from /proc/meminfo in MB, less a reserve for the OS: configured, or
 * min(1024 MB, 25%) (a 24 GB machine offers 23552 MB, a 2 GB one 1536 MB);</li>
 * <li>disk: usable space of the work dir's file system in MB, less a reserve: configured, or
 * min(5120 MB, 10%);</li>
 * <li>ports: [31000-32000], as in Mesos.</li>
 * </ul>
 */
final class ResourceDetector {

    private ResourceDetector() {
    }

    static Resources detect(AgentConfig config, Path meminfo) {
        Resources configured = config.resources().orElse(Resources.empty());
        Resources.Builder b = Resources.builder().add(configured);
        if (!configured.names().contains("cpus")) {
            b.scalar("cpus", Runtime.getRuntime().availableProcessors());
        }
        if (!configured.names().contains("mem")) {
            long totalMb = memTotalMb(meminfo);
            long reserve = config.memReserveMb() >= 0 ? config.memReserveMb() : Math.min(1024, totalMb / 4);
            b.scalar("mem", Math.max(0, totalMb - reserve));
        }
        if (!configured.names().contains("disk")) {
            long totalMb = diskMb(config.workDir());
            long reserve = config.diskReserveMb() >= 0 ? config.diskReserveMb() : Math.min(5120, totalMb / 10);
            b.scalar("disk", Math.max(0, totalMb - reserve));
        }
        if (!configured.names().contains("ports")) {
            b.range("ports", 31000, 32000);
        }
        Resources all = b.build();
        // Drop zero scalars (e.g. no disk reading) rather than offer "disk:0".
        Resources.Builder nonZero = Resources.builder();
        for (Resource r : all.entries()) {
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
