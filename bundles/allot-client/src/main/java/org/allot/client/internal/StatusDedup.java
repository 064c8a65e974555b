package org.allot.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.allot.api.TaskId;

/**
 * Remembers which status updates (task id, uuid) were delivered to the scheduler and which were
 * acknowledged, so that the agent's retries reach the scheduler once and are acknowledged again.
 *
 * <p>NOTE: bounded, oldest first out. An agent resends an update only until it is acknowledged and
 * sends a task's next update only after that, so a window of recent updates is enough; the bound
 * keeps a long-lived framework's memory flat. Not thread-safe: owned by the dispatcher thread.
 */
public final class StatusDedup {

    /** What is known about one update. */
    public enum Seen {
        /** Never seen: deliver it. */
        NEW,
        /** Delivered, not yet acknowledged (explicit mode). */
        DELIVERED,
        /** Delivered and acknowledged. */
        ACKNOWLEDGED
    }

    private record Key(TaskId taskId, UUID uuid) {
    }

    private final int capacity;
    private final Map<Key, Seen> seen;

    public StatusDedup(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                return size() > StatusDedup.this.capacity;
            }
        };
    }

    /** What is known of this update; {@link Seen#NEW} for one not seen (or long forgotten). */
    public Seen lookup(TaskId taskId, UUID uuid) {
        return seen.getOrDefault(new Key(Objects.requireNonNull(taskId), Objects.requireNonNull(uuid)), Seen.NEW);
    }

    public void markDelivered(TaskId taskId, UUID uuid) {
        seen.putIfAbsent(new Key(taskId, uuid), Seen.DELIVERED);
    }

    public void markAcknowledged(TaskId taskId, UUID uuid) {
        seen.put(new Key(taskId, uuid), Seen.ACKNOWLEDGED);
    }

    public int size() {
        return seen.size();
    }
}
