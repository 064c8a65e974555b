package org.allot.api.agent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.allot.api.Resources;

/**
 * A snapshot of one container on an agent.
 *
 * @param id          the container id
 * @param frameworkId the framework it runs for
 * @param runs        what it runs: {@code task <id>} or {@code executor <id>}
 * @param pid         its root process
 * @param isolators   the isolators it was launched (or re-adopted) with, in order
 * @param limits      its resource limits
 * @param recovered   adopted from a previous agent process rather than launched by this one
 * @param usage       its latest usage, if the isolators could measure it
 */
public record ContainerView(String id, String frameworkId, String runs, long pid, List<String> isolators,
                            Resources limits, boolean recovered, Optional<Usage> usage) {

    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(runs, "runs");
        isolators = List.copyOf(isolators);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(usage, "usage");
    }

    /**
     * What a container used.
     *
     * @param cpuSeconds user and system CPU time, cumulative
     * @param rssBytes   resident memory now
     * @param processes  processes in the container now; -1 if not known
     */
    public record Usage(double cpuSeconds, long rssBytes, int processes) {
    }
}
