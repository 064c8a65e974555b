package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.master.internal.allocation.AllocationEngine;
import org.allot.protocol.CloseReason;
import org.allot.spi.filter.OfferFilter;
import org.allot.protocol.Wire;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.Role;
import org.allot.spi.allocation.Allocator;

import com.google.protobuf.ByteString;

/**
 * A master without a network, on a manual clock, with the real offer filters, and fake agents and schedulers that feed it
 * envelopes through its real {@link org.allot.protocol.MessageHandler} and read what it sent
 * (after Nomad's scheduler test Harness).
 */
final class Harness {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final ManualEventLoop loop = new ManualEventLoop(START);
    final Allocator allocator;
    /** Everything the master core sent, in order. */
    final RecordingOutbound out = new RecordingOutbound();
    final Master master;
    private long nextConnection;

    Harness() {
        this(MasterConfig.defaults(), new FirstFitAllocator("first-fit"));
    }

    Harness(MasterConfig config, Allocator allocator) {
        // The built-in filters, as the allot-filters bundle binds them in Karaf.
        this(config, allocator, List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()));
    }

    Harness(MasterConfig config, Allocator allocator, List<OfferFilter> filters) {
        this(config, allocator, filters, null);
    }

    /** A master that contends through {@code elections} (null: standalone, it leads at once). */
    Harness(MasterConfig config, Allocator allocator, List<OfferFilter> filters, Election.Factory elections) {
        this.allocator = allocator;
        this.master = new Master(config, loop, allocator, filters, out, elections);
        master.startLoop();
    }

    /** The master's allocation books, read on the test thread (the manual loop's thread). */
    AllocationEngine engine() {
        return master.core().engine;
    }

    FirstFitAllocator firstFit() {
        return (FirstFitAllocator) allocator;
    }

    void settle() {
        loop.settle();
    }

    void advance(Duration d) {
        loop.advance(d);
    }

    FakeConnection connect(Role role, String principal) {
        FakeConnection c = new FakeConnection(++nextConnection, role, principal);
        master.handler().onOpen(c);
        return c;
    }

    void deliver(FakeConnection c, Envelope e) {
        master.handler().onMessage(c, e);
        settle();
    }

    void close(FakeConnection c, CloseReason reason, String detail) {
        master.handler().onClose(c, reason, detail);
        settle();
    }

    FakeAgent agent(String host, String resources) {
        FakeConnection c = connect(Role.AGENT, "agent@" + host);
        AgentInfo info = AgentInfo.unregistered(host, 5051, Resources.parse(resources));
        deliver(c, Envelope.newBuilder().setRegisterAgent(org.allot.protocol.proto.RegisterAgent.newBuilder()
                .setAgent(Wire.toProto(info))).build());
        List<Envelope> reg = c.take(MessageCase.AGENT_REGISTERED);
        assertEquals("AgentRegistered for " + host, 1, reg.size());
        return new FakeAgent(this, c, AgentId.of(reg.get(0).getAgentRegistered().getAgentId()));
    }

    FakeScheduler scheduler(String name) {
        return scheduler(FrameworkInfo.builder(name, "alice").build());
    }

    FakeScheduler scheduler(FrameworkInfo info) {
        FakeConnection c = connect(Role.SCHEDULER, info.principal().orElse(info.name()));
        deliver(c, subscribe(info));
        List<Envelope> sub = c.take(MessageCase.SUBSCRIBED);
        assertEquals("Subscribed for " + info.name(), 1, sub.size());
        return new FakeScheduler(this, c, FrameworkId.of(sub.get(0).getSubscribed().getFrameworkId()), info);
    }

    static Envelope subscribe(FrameworkInfo info) {
        return Envelope.newBuilder().setSubscribe(org.allot.protocol.proto.Subscribe.newBuilder()
                .setFramework(Wire.toProto(info))).build();
    }

    static TaskInfo task(String id, AgentId agent, String resources) {
        return TaskInfo.ofCommand(TaskId.of(id), "task " + id, agent, Resources.parse(resources),
                CommandInfo.shell("sleep 100"));
    }

    /** A fake agent: its connection and id. */
    static final class FakeAgent {
        final Harness h;
        final FakeConnection conn;
        final AgentId id;

        FakeAgent(Harness h, FakeConnection conn, AgentId id) {
            this.h = h;
            this.conn = conn;
            this.id = id;
        }

        List<org.allot.protocol.proto.RunTask> runTasks() {
            return conn.take(MessageCase.RUN_TASK).stream().map(Envelope::getRunTask).collect(Collectors.toList());
        }

        /** Sends a status update with a fresh uuid, as a real agent does; returns the uuid. */
        UUID update(FrameworkId f, String task, TaskState state) {
            return update(f, task, state, state);
        }

        /**
         * Sends the update of {@code state} while the task is already in {@code latest} on the agent
         * (its in-order stream waits for an acknowledgement); returns the uuid.
         */
        UUID update(FrameworkId f, String task, TaskState state, TaskState latest) {
            UUID uuid = UUID.randomUUID();
            TaskStatus s = TaskStatus.builder(TaskId.of(task), state, TaskStatus.Source.AGENT, h.loop.now())
                    .agentId(id).uuid(uuid).build();
            h.deliver(conn, Envelope.newBuilder().setStatusUpdate(org.allot.protocol.proto.StatusUpdate.newBuilder()
                    .setFrameworkId(f.value()).setStatus(Wire.toProto(s)).setLatestState(Wire.toProto(latest)))
                    .build());
            return uuid;
        }

        void lose(CloseReason reason, String detail) {
            h.close(conn, reason, detail);
        }
    }

    /** A fake scheduler: its connection and framework id. */
    static final class FakeScheduler {
        final Harness h;
        final FakeConnection conn;
        final FrameworkId id;
        final FrameworkInfo info;

        FakeScheduler(Harness h, FakeConnection conn, FrameworkId id, FrameworkInfo info) {
            this.h = h;
            this.conn = conn;
            this.id = id;
            this.info = info;
        }

        /** Takes every offer received so far. */
        List<org.allot.protocol.proto.Offer> offers() {
            List<org.allot.protocol.proto.Offer> out = new ArrayList<>();
            conn.take(MessageCase.OFFERS).forEach(e -> out.addAll(e.getOffers().getOffersList()));
            return out;
        }

        org.allot.protocol.proto.Offer oneOffer() {
            List<org.allot.protocol.proto.Offer> all = offers();
            assertEquals("offers to " + info.name() + ": " + all, 1, all.size());
            return all.get(0);
        }

        List<TaskStatus> updates() {
            return conn.take(MessageCase.STATUS_UPDATE).stream()
                    .map(e -> Wire.fromProto(e.getStatusUpdate().getStatus())).collect(Collectors.toList());
        }

        TaskStatus oneUpdate() {
            List<TaskStatus> all = updates();
            assertEquals("status updates to " + info.name() + ": " + all, 1, all.size());
            return all.get(0);
        }

        List<org.allot.protocol.proto.Error> errors() {
            return conn.take(MessageCase.ERROR).stream().map(Envelope::getError).collect(Collectors.toList());
        }

        void accept(List<String> offerIds, List<TaskInfo> tasks) {
            accept(offerIds, tasks, null);
        }

        void accept(List<String> offerIds, List<TaskInfo> tasks, Double refuseSeconds) {
            org.allot.protocol.proto.Accept.Builder b = org.allot.protocol.proto.Accept.newBuilder()
                    .setFrameworkId(id.value()).addAllOfferIds(offerIds);
            tasks.forEach(t -> b.addTasks(Wire.toProto(t)));
            if (refuseSeconds != null) {
                b.setRefuseSeconds(refuseSeconds);
            }
            h.deliver(conn, Envelope.newBuilder().setAccept(b).build());
        }

        void decline(String offerId) {
            h.deliver(conn, Envelope.newBuilder().setDecline(org.allot.protocol.proto.Decline.newBuilder()
                    .setFrameworkId(id.value()).addOfferIds(offerId)).build());
        }

        void acknowledge(AgentId agent, String task, UUID uuid) {
            byte[] bytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            h.deliver(conn, Envelope.newBuilder().setAcknowledge(org.allot.protocol.proto.Acknowledge.newBuilder()
                    .setFrameworkId(id.value()).setAgentId(agent.value()).setTaskId(task)
                    .setUuid(ByteString.copyFrom(bytes))).build());
        }

        /** Proves the master still serves this scheduler: a reconciliation gets its answer. */
        void assertServed() {
            h.deliver(conn, Envelope.newBuilder().setReconcile(org.allot.protocol.proto.Reconcile.newBuilder()
                    .setFrameworkId(id.value()).addTaskIds("probe")).build());
            List<TaskStatus> answers = updates().stream().filter(s -> s.taskId().value().equals("probe"))
                    .collect(Collectors.toList());
            assertEquals(1, answers.size());
            assertEquals(TaskState.LOST, answers.get(0).state());
            assertTrue(conn.isOpen());
        }
    }
}
