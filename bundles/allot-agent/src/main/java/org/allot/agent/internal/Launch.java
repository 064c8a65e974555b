package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.allot.api.CommandInfo;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container's launch, step by step: prepare each isolator in order, fork through the launcher
 * with every decoration, isolate in order, start. Each step runs when the previous one's stage
 * completes, back on the loop. A failure, a kill, or a service that goes away meanwhile ends it:
 * the launcher destroys what was forked and the isolators prepared so far clean up in reverse
 * order, then the {@link Containerizer.LaunchListener} hears {@code failed}.
 *
 * <p>Threading: every method on the agent's event loop.
 */
final class Launch {

    private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

    private final Containerizer containerizer;
    private final ContainerRecord c;
    private final Launcher launcher;
    private final List<Isolator> isolators;
    private final ContainerConfig config;
    private final CommandInfo command;
    private final Map<String, String> env;
    private final Containerizer.LaunchListener events;
    private final List<ContainerLaunch> decorations = new ArrayList<>();
    /** How many isolators were asked to prepare: those are cleaned up on failure. */
    private int prepared;

    Launch(Containerizer containerizer, ContainerRecord c, Launcher launcher, List<Isolator> isolators,
            ContainerConfig config, CommandInfo command, Map<String, String> env, Containerizer.LaunchListener events) {
        this.containerizer = containerizer;
        this.c = c;
        this.launcher = launcher;
        this.isolators = isolators;
        this.config = config;
        this.command = command;
        this.env = env;
        this.events = events;
    }

    void begin() {
        c.launching = true;
        prepare(0);
    }

    private void prepare(int i) {
        if (aborted()) {
            return;
        }
        if (i == isolators.size()) {
            fork();
            return;
        }
        Isolator iso = isolators.get(i);
        prepared = i + 1;
        containerizer.onLoop(Containerizer.call(() -> iso.prepare(c.id, config)), (decoration, err) -> {
            if (err != null) {
                fail("isolator '" + iso.name() + "' could not prepare the container: " + Containerizer.message(err));
            } else if (decoration == null) {
                fail("isolator '" + iso.name() + "' prepared the container without a decoration (null)");
            } else {
                decorations.add(decoration);
                prepare(i + 1);
            }
        });
    }

    private void fork() {
        List<String> argv = new ArrayList<>();
        // As before the isolation SPI 2.0, a task inherits the agent's environment, then the command's,
        // the agent's own variables and the isolators' win.
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(command.environment());
        environment.putAll(env);
        for (ContainerLaunch d : decorations) {
            argv.addAll(d.argvPrefix());
            environment.putAll(d.environment());
        }
        argv.addAll(command.toExecArgv());
        environment.putIfAbsent("PATH", "/usr/bin:/bin");
        LaunchRequest request;
        try {
            request = new LaunchRequest(argv, environment, c.sandbox, c.sandbox.resolve("stdout"),
                    c.sandbox.resolve("stderr"), containerizer.runRoot.resolve(c.id.value()));
        } catch (IllegalArgumentException e) {
            fail("invalid launch of " + argv + ": " + e.getMessage());
            return;
        }
        containerizer.onLoop(Containerizer.call(() -> launcher.fork(c.id, request)), (pid, err) -> {
            if (err != null) {
                fail("launcher '" + launcher.name() + "' could not start " + argv + ": " + Containerizer.message(err));
                return;
            }
            c.pid = pid;
            events.forked(c);
            isolate(0);
        });
    }

    private void isolate(int i) {
        if (aborted()) {
            return;
        }
        if (i == isolators.size()) {
            start();
            return;
        }
        Isolator iso = isolators.get(i);
        containerizer.onLoop(Containerizer.call(() -> iso.isolate(c.id, c.pid)), (v, err) -> {
            if (err != null) {
                fail("isolator '" + iso.name() + "' could not isolate pid " + c.pid + ": " + Containerizer.message(err));
            } else {
                isolate(i + 1);
            }
        });
    }

    private void start() {
        containerizer.onLoop(Containerizer.call(() -> launcher.start(c.id)), (v, err) -> {
            if (err != null) {
                fail("launcher '" + launcher.name() + "' could not start the command: " + Containerizer.message(err));
            } else if (!aborted()) {
                c.launching = false;
                events.running(c);
                containerizer.launched(c);
            }
        });
    }

    /** Whether the launch must stop here (and if so, its failure is under way). */
    private boolean aborted() {
        if (containerizer.stopping) {
            return true; // the agent stops: leave it to the next agent, as if this one died
        }
        if (!c.missing.isEmpty()) {
            fail(String.join(" and ", c.missing) + " went away during the launch");
            return true;
        }
        if (c.destroyRequested) {
            fail("killed while it was being launched");
            return true;
        }
        return false;
    }

    private void fail(String message) {
        LOG.warn("Launch of container {} failed: {}", c.id, message);
        c.tearingDown = true;
        CompletionStage<Void> destroyed = c.pid > 0
                ? Containerizer.call(() -> launcher.destroy(c.id)).handle((v, err) -> {
                    if (err != null) {
                        LOG.warn("Launcher '{}' could not destroy the failed container {}: {}", launcher.name(), c.id,
                                Containerizer.message(err));
                    }
                    return null;
                })
                : CompletableFuture.completedFuture(null);
        Adoption.Cleanup cleanup = containerizer.adoption().planCleanup(c, c.isolation.isolators().subList(0, prepared));
        containerizer.onLoop(destroyed.thenCompose(v -> cleanup.run()),
                (v, err) -> {
                    c.launching = false;
                    containerizer.forget(c);
                    events.failed(c, message);
                });
    }
}
