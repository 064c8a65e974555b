package org.allot.agent.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.allot.protocol.Wire;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.StatusUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * Delivers status updates to the master reliably: one stream per task, in order, each update
 * retried until the framework acknowledges its uuid, and checkpointed (by the {@link Checkpointer})
 * before it is first sent, so an agent that crashes loses none of them and its successor resends
 * them with their uuids.
 *
 * <p>Only the oldest unacknowledged update of a task is on the wire. It is resent after the retry
 * interval, which doubles up to the maximum (2 s, 4 s, 8 s, 10 s, 10 s with the defaults), and at
 * once when {@link #resendAll} is called after a (re)registration; an acknowledgement of it sends the
 * next one.
 *
 * <p>Every send carries the task's newest state ({@code latest_state}, Mesos's name): the master
 * frees a task's resources as soon as that is terminal, even while the framework has not yet
 * acknowledged the older update on the wire. A terminal update queued behind an unacknowledged one
 * re-sends the oldest at once, so the master hears of it without waiting for the retry.
 *
 * <p>Threading: confined to the agent's event loop, whose timers it uses.
 */
final class StatusUpdateManager {

    /** Sends one update to the master, or drops it if no registered master can take it now (a retry follows). */
    @FunctionalInterface
    interface Transport {
        void send(StatusUpdate update);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

    private final EventLoop loop;
    private final Duration initial;
    private final Duration max;
    private final Checkpointer checkpointer;
    private final Transport transport;
    private final Map<TaskKey, Stream> streams = new LinkedHashMap<>();
    private boolean stopped;

    StatusUpdateManager(EventLoop loop, Duration initial, Duration max, Checkpointer checkpointer,
            Transport transport) {
        this.loop = loop;
        this.initial = initial;
        this.max = max;
        this.checkpointer = checkpointer;
        this.transport = transport;
    }

    /**
     * Takes back the updates a previous agent checkpointed; they are sent by the next
     * {@link #resendAll}, i.e. once this agent has re-registered.
     */
    void recover(Map<TaskKey, List<StatusUpdate>> pending) {
        pending.forEach((key, updates) -> {
            if (!updates.isEmpty()) {
                streams.computeIfAbsent(key, Stream::new).pending.addAll(updates);
                LOG.info("Recovered {} unacknowledged status update(s) of task {} of framework {}", updates.size(),
                        key.taskId(), key.frameworkId());
            }
        });
    }

    /** Checkpoints {@code update} behind the task's earlier ones and sends it if it is the oldest. */
    void add(TaskKey key, StatusUpdate update) {
        Stream s = streams.computeIfAbsent(key, Stream::new);
        s.pending.add(update);
        checkpointer.saveUpdates(key, List.copyOf(s.pending));
        if (s.pending.size() == 1) {
            s.interval = initial;
            s.transmit();
        } else if (isTerminal(update.getStatus().getState())) {
            s.transmit(); // the same head, now with a terminal latest_state; the backoff goes on
        }
    }

    /**
     * The framework acknowledged {@code uuid} of the task: if that is the oldest update, it is
     * dropped (from the checkpoint too) and the next one sent.
     *
     * @return false for a stale or unknown acknowledgement, which changes nothing
     */
    boolean acknowledge(TaskKey key, ByteString uuid) {
        Stream s = streams.get(key);
        StatusUpdate head = s == null ? null : s.pending.peek();
        if (head == null || !head.getStatus().getUuid().equals(uuid)) {
            return false;
        }
        s.pending.poll();
        s.cancel();
        checkpointer.saveUpdates(key, List.copyOf(s.pending));
        if (s.pending.isEmpty()) {
            streams.remove(key);
        } else {
            s.interval = initial;
            s.transmit();
        }
        return true;
    }

    /** Sends the oldest update of every task now (after a (re)registration) and restarts its retry interval. */
    void resendAll() {
        for (Stream s : streams.values()) {
            s.cancel();
            s.interval = initial;
            s.transmit();
        }
    }

    /**
     * Sends the oldest update of every task of {@code framework} now (its scheduler failed over and
     * is back) and restarts their retry intervals; returns how many tasks had one.
     */
    int resend(org.allot.api.FrameworkId framework) {
        int sent = 0;
        for (Stream s : streams.values()) {
            if (s.key.frameworkId().equals(framework)) {
                s.cancel();
                s.interval = initial;
                s.transmit();
                sent++;
            }
        }
        return sent;
    }

    /** Whether every update of the task was acknowledged. */
    boolean isEmpty(TaskKey key) {
        return !streams.containsKey(key);
    }

    /** The tasks with updates not yet acknowledged. */
    List<TaskKey> tasks() {
        return new ArrayList<>(streams.keySet());
    }

    /** The unacknowledged updates of one task, oldest first. */
    List<StatusUpdate> pending(TaskKey key) {
        Stream s = streams.get(key);
        return s == null ? List.of() : List.copyOf(s.pending);
    }

    /** Updates not yet acknowledged, over all tasks. */
    int size() {
        return streams.values().stream().mapToInt(s -> s.pending.size()).sum();
    }

    /** Cancels every retry; the checkpoint keeps the updates for the next agent. */
    void stop() {
        stopped = true;
        streams.values().forEach(Stream::cancel);
    }

    /** The updates of one task not yet acknowledged, oldest first. */
    private final class Stream {
        final TaskKey key;
        final Deque<StatusUpdate> pending = new ArrayDeque<>();
        EventLoop.Timer retry;
        Duration interval = initial;

        Stream(TaskKey key) {
            this.key = key;
        }

        void cancel() {
            if (retry != null) {
                retry.cancel();
                retry = null;
            }
        }

        void transmit() {
            StatusUpdate head = pending.peek();
            if (head == null || stopped) {
                return;
            }
            StatusUpdate last = pending.peekLast();
            transport.send(last == head ? head
                    : head.toBuilder().setLatestState(last.getStatus().getState()).build());
            cancel();
            Duration wait = interval;
            retry = loop.schedule(wait, () -> {
                retry = null;
                if (pending.peek() == head && !stopped) {
                    LOG.debug("Resending {} of task {} of framework {} (not acknowledged after {} ms)",
                            head.getStatus().getState(), key.taskId(), key.frameworkId(), wait.toMillis());
                    interval = min(interval.multipliedBy(2), max);
                    transmit();
                }
            });
        }
    }

    private static boolean isTerminal(org.allot.protocol.proto.TaskState state) {
        return Wire.fromProto(state).isTerminal();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
