package org.allot.allocator.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.spi.allocation.AgentState;

/**
 * A synthetic agent of a {@link SimulatedCluster}: its tasks and the outstanding offers on it, with
 * used and free recomputed on demand. Mutated only by its cluster; one test thread.
 */
final class SimAgent implements AgentState {

    /** A running task; {@code endsAt} null for one that runs until revoked. */
    record Task(FrameworkId frameworkId, TaskId taskId, Resources resources, Instant endsAt) {
    }

    private final AgentId id;
    private final AgentInfo info;
    private final Resources total;
    final List<Task> tasks = new ArrayList<>();
    Resources offered = Resources.empty();

    SimAgent(AgentId id, AgentInfo info, Resources total) {
        this.id = id;
        this.info = info;
        this.total = total;
    }

    @Override
    public AgentId id() {
        return id;
    }

    @Override
    public AgentInfo info() {
        return info;
    }

    @Override
    public Resources total() {
        return total;
    }

    @Override
    public Resources used() {
        Resources sum = Resources.empty();
        for (Task t : tasks) {
            sum = sum.add(t.resources());
        }
        return sum;
    }

    @Override
    public Resources offered() {
        return offered;
    }

    @Override
    public Resources free() {
        return total.subtract(used()).subtract(offered);
    }
}
