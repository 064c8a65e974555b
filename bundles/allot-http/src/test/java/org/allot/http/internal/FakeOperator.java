package org.allot.http.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;

/**
 * A hand-written Operator with a small cluster: two agents (one disconnected), two frameworks, three
 * tasks, one offer. Counts how often each read is made, and records the writes.
 */
final class FakeOperator implements Operator {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final FrameworkId SPARK = FrameworkId.of("f-1");
    static final FrameworkId WEB = FrameworkId.of("f-2");

    final AtomicInteger stateCalls = new AtomicInteger();
    final AtomicInteger partCalls = new AtomicInteger();
    volatile boolean leading = true;
    volatile boolean running = true;
    volatile String active = "drf";
    final Map<String, Double> weights = new TreeMap<>();
    final List<FrameworkId> tornDown = new ArrayList<>();
    List<FrameworkView> frameworks = new ArrayList<>(List.of(
            new FrameworkView(SPARK, "spark", "analytics", Optional.of("alice"), true,
                    Resources.parse("cpus:3;mem:1536"), Resources.parse("cpus:1;mem:512"), 0.375, 2),
            new FrameworkView(WEB, "web", "*", Optional.empty(), false, Resources.parse("cpus:1;mem:256"),
                    Resources.empty(), 0.125, 1)));

    @Override
    public List<AgentView> agents() {
        partCalls.incrementAndGet();
        return agentsNow();
    }

    private List<AgentView> agentsNow() {
        check();
        return List.of(
                new AgentView(AgentId.of("a-1"), "host-1", 5051, Resources.parse("cpus:4;mem:4096;disk:1000;ports:[31000-32000]"),
                        Resources.parse("cpus:4;mem:2048"), Attributes.parse("rack:r1"), true),
                new AgentView(AgentId.of("a-2"), "host-2", 5051, Resources.parse("cpus:4;mem:4096"),
                        Resources.parse("cpus(analytics):1"), Attributes.empty(), false));
    }

    @Override
    public List<FrameworkView> frameworks() {
        partCalls.incrementAndGet();
        return frameworksNow();
    }

    private List<FrameworkView> frameworksNow() {
        check();
        return List.copyOf(frameworks);
    }

    @Override
    public List<TaskView> tasks() {
        partCalls.incrementAndGet();
        return tasksNow();
    }

    private List<TaskView> tasksNow() {
        check();
        return List.of(task("t1", SPARK, TaskState.RUNNING), task("t2", SPARK, TaskState.STAGING),
                task("t3", WEB, TaskState.RUNNING));
    }

    private static TaskView task(String id, FrameworkId f, TaskState state) {
        return new TaskView(TaskId.of(id), f, AgentId.of("a-1"), state, Resources.parse("cpus:1;mem:512"), "task " + id);
    }

    @Override
    public List<OfferView> offers() {
        partCalls.incrementAndGet();
        return offersNow();
    }

    private List<OfferView> offersNow() {
        check();
        return List.of(new OfferView(OfferId.of("o-7"), SPARK, AgentId.of("a-1"), Resources.parse("cpus:1;mem:512"),
                NOW));
    }

    @Override
    public List<String> allocators() {
        return List.of("drf", "priority");
    }

    @Override
    public String activeAllocator() {
        return active;
    }

    @Override
    public ClusterState state() {
        stateCalls.incrementAndGet();
        return new ClusterState(status(), allocators(), agentsNow(), frameworksNow(), tasksNow(), offersNow());
    }

    @Override
    public MasterStatus status() {
        check();
        return new MasterStatus(NOW, "m-test", leading ? "LEADING" : "STANDBY", leading,
                leading ? "" : "master m-test is not the leader (it is STANDBY)", true, active, 2, 1,
                frameworks.size(), 3);
    }

    @Override
    public MasterMetrics metrics() {
        check();
        return new MasterMetrics(Map.of("StatusUpdate", 12L, "Accept", 3L), Map.of("OFFERS", 5L),
                Map.of(SPARK, new MasterMetrics.OfferCounts(5, 3, 1, 1), FrameworkId.of("f-gone"),
                        new MasterMetrics.OfferCounts(1, 0, 0, 0)),
                4, 2, new MasterMetrics.PassDurations(new double[] {0.001, 0.01}, new long[] {7, 2, 1}, 0.05, 10));
    }

    @Override
    public synchronized void useAllocator(String name) {
        if (!allocators().contains(name)) {
            throw new IllegalArgumentException("unknown allocator '" + name + "'; known: " + allocators());
        }
        active = name;
    }

    @Override
    public synchronized void setWeight(String role, double weight) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                    + ": it must be finite and positive");
        }
        weights.put(role, weight);
    }

    @Override
    public synchronized void teardown(FrameworkId id) {
        if (!frameworks.removeIf(f -> f.id().equals(id))) {
            throw new NoSuchElementException("framework " + id + " is unknown to this master");
        }
        tornDown.add(id);
    }

    private void check() {
        if (!running) {
            throw new NullPointerException("the master is not running");
        }
    }

    // Operator 0.2.0's role surface (alloc-ops): not what these tests exercise.

    @Override
    public org.allot.api.operator.AllocatorStatus allocatorStatus() {
        return new org.allot.api.operator.AllocatorStatus(allocators(), java.util.Optional.ofNullable(activeAllocator()), "");
    }

    @Override
    public List<org.allot.api.operator.RoleView> roles() {
        return List.of();
    }

    @Override
    public void setPriority(String role, int priority) {
        throw new UnsupportedOperationException("not part of this fake");
    }

    @Override
    public void setGuarantee(String role, org.allot.api.Resources guarantee) {
        throw new UnsupportedOperationException("not part of this fake");
    }

    @Override
    public void removeGuarantee(String role) {
        throw new UnsupportedOperationException("not part of this fake");
    }
}
