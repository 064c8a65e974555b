package org.allot.agent.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.allot.api.ExecutorInfo;
import org.allot.api.TaskId;
import org.allot.protocol.Connection;
import org.allot.protocol.Wire;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.spi.isolation.ContainerId;

/**
 * A custom executor: its process's container, its connection once registered, the messages
 * waiting for it, its tasks. Mutable; confined to the agent's event loop.
 */
final class ExecutorRecord {

    final ExecutorKey key;
    final ExecutorInfo info;
    /** {@link #info} as the wire and the checkpoint carry it, with its framework's id. */
    final org.allot.protocol.proto.ExecutorInfo proto;
    final ContainerId container;
    /** Its tasks not yet terminal. */
    final Set<TaskKey> tasks = new LinkedHashSet<>();
    /** Messages for it sent before it registered, oldest first. */
    final Deque<Envelope> queue = new ArrayDeque<>();
    Connection connection;
    boolean shuttingDown;
    EventLoop.Timer disconnectTimer;

    ExecutorRecord(ExecutorKey key, ExecutorInfo info, ContainerId container) {
        this.key = key;
        this.info = info;
        this.proto = Wire.toProto(info, key.frameworkId());
        this.container = container;
    }

    /** Removes a RunTask not yet delivered; true if there was one. */
    boolean removeQueuedRun(TaskId taskId) {
        for (Iterator<Envelope> it = queue.iterator(); it.hasNext();) {
            Envelope m = it.next();
            if (m.hasRunTask() && m.getRunTask().getTask().getTaskId().equals(taskId.value())) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
