package org.allot.agent.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.allot.api.agent.AgentHealth;
import org.allot.api.agent.DrainResult;
import org.allot.protocol.loop.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's drain of the agent ({@code allot:agent-drain}): the agent turns DRAINING (the
 * master offers nothing of it, new tasks are answered TASK_LOST with reason AGENT_DRAINING), kills
 * every task and executor with a terminal update (reason AGENT_DRAINING), waits until every
 * container ended and the master acknowledged every update, then reports DRAINED and stops. At the
 * timeout, what still runs is destroyed and the updates not yet acknowledged stay in the checkpoint.
 *
 * <p>Unlike a plain stop, which leaves the tasks running for the next agent, a drain leaves nothing
 * of them running.
 *
 * <p>Threading: {@link #drain} blocks its caller (a shell session); the counting runs on the
 * agent's loop every {@link #CHECK}, and progress lines travel back through a queue, so a slow
 * terminal never holds the loop.
 */
final class Drainer {

    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);
    static final Duration CHECK = Duration.ofMillis(200);
    /** Progress is told when what remains changes, and at least this often. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final Agent agent;
    private final EventLoop loop;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Remaining> done = new CompletableFuture<>();

    // ----- loop only
    private Remaining lastTold;
    private long lastToldNanos;

    Drainer(Agent agent) {
        this.agent = agent;
        this.loop = agent.loop();
    }

    /** What is left to wait for. */
    record Remaining(int tasks, int containers, int unacknowledged) {
        boolean nothing() {
            return tasks == 0 && containers == 0 && unacknowledged == 0;
        }

        @Override
        public String toString() {
            return tasks + " task(s) not yet ended, " + containers + " container(s) running, " + unacknowledged
                    + " status update(s) not yet acknowledged by the master";
        }
    }

    DrainResult drain(Duration timeout, Consumer<String> progress) {
        int killed;
        try {
            killed = loop.call(() -> {
                if (agent.stopping() || agent.healthKeeper().draining()) {
                    throw new IllegalStateException("the agent is " + (agent.stopping() ? "stopping" : "draining")
                            + " already");
                }
                agent.healthKeeper().drainState(new AgentHealth(AgentHealth.State.DRAINING, "drained by an operator"));
                int n = agent.tasks().killAllForDrain();
                LOG.info("Draining the agent: killing {} task(s); waiting up to {} s for their ends to be"
                        + " acknowledged", n, timeout.toSeconds());
                check();
                return n;
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot drain: " + e.getMessage(), e);
        }
        progress.accept("Draining: killing " + killed + " task(s)");
        long deadline = System.nanoTime() + timeout.toNanos();
        Remaining left = null;
        boolean timedOut = false;
        while (left == null) {
            flush(progress);
            try {
                left = done.get(Math.min(CHECK.toNanos(), Math.max(1, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    timedOut = true;
                    left = loop.call(this::remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                timedOut = true;
                left = loop.call(this::remaining);
            } catch (ExecutionException e) {
                throw new IllegalStateException("drain failed: " + e.getCause(), e.getCause());
            }
        }
        flush(progress);
        done.cancel(false);
        int destroyed = left.containers();
        AgentHealth drained = new AgentHealth(AgentHealth.State.DRAINED, timedOut
                ? "drained by an operator; the drain timed out" : "drained by an operator");
        loop.call(() -> {
            agent.healthKeeper().drainState(drained);
            return null;
        });
        if (destroyed > 0) {
            LOG.warn("Drain timed out after {} s with {}; destroying what runs", timeout.toSeconds(), left);
            progress.accept("Timed out with " + left + "; destroying " + destroyed + " container(s)");
            agent.stopAndKillContainers();
        } else {
            agent.stop();
        }
        DrainResult result = new DrainResult(killed, left.unacknowledged(), destroyed, timedOut);
        LOG.info("Agent drained: {}", result);
        progress.accept("Drained: " + killed + " task(s) killed, " + left.unacknowledged()
                + " update(s) unacknowledged (kept for the next agent), " + destroyed + " container(s) destroyed"
                + (timedOut ? "; timed out" : ""));
        return result;
    }

    private void flush(Consumer<String> progress) {
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            progress.accept(line);
        }
    }

    /** On the loop, every {@link #CHECK} until done: tells progress, completes when nothing remains. */
    private void check() {
        if (done.isDone()) {
            return;
        }
        Remaining now = remaining();
        if (now.nothing()) {
            done.complete(now);
            return;
        }
        long t = System.nanoTime();
        if (!now.equals(lastTold) || t - lastToldNanos >= PROGRESS_EVERY.toNanos()) {
            lines.add("Draining: " + now);
            lastTold = now;
            lastToldNanos = t;
        }
        loop.schedule(CHECK, this::check);
    }

    private Remaining remaining() {
        return new Remaining(agent.tasks().notTerminal(), agent.containerizer().all().size(),
                agent.updates().size());
    }
}
