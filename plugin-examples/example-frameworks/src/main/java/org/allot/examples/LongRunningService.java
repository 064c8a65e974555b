package org.allot.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.AllotSchedulerDriver;
import org.allot.client.MasterInfo;
import org.allot.client.SchedulerDriver;
import org.allot.client.Status;
import org.allot.protocol.link.MasterDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps K instances of a service alive: launches K tasks, and whenever one ends (failed, killed,
 * lost, even finished) launches a replacement on the next offer that fits. Runs until
 * {@link #stop()} or its duration, then tears the framework down, which kills the instances.
 * <pre>
 *   java -cp ... org.allot.examples.LongRunningService --master 127.0.0.1:5050 --instances 3 \
 *        --resources "cpus:0.5;mem:64" --command "python3 -m http.server 0" --duration 600
 * </pre>
 */
public final class LongRunningService extends LoggingScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(LongRunningService.class);

    /**
     * How a run ended.
     *
     * @param instances    the instances asked for
     * @param launched     tasks launched in all, replacements included
     * @param replacements instances that ended and were replaced
     * @param running      instances {@code RUNNING} when the run ended
     * @param driver       how the driver ended
     */
    public record Result(int instances, int launched, int replacements, int running, Status driver) {
    }

    private final String master;
    private final FrameworkInfo framework;
    private final int instances;
    private final Resources shape;
    private final CommandInfo command;
    private final OfferPacker packer;

    // Guarded by this.
    /** Launched and not yet terminal. */
    private final Set<TaskId> live = new HashSet<>();
    private final Set<TaskId> running = new HashSet<>();
    private int launched;
    private int replacements;
    private boolean suppressed;
    private volatile String error;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);

    /**
     * @param instances how many instances to keep alive, at least 1
     * @param shape     what each instance uses; not empty
     * @param command   what each instance runs; it is expected to run until killed
     */
    public LongRunningService(String master, FrameworkInfo framework, int instances, Resources shape,
            CommandInfo command) {
        this.master = Mains.master(Objects.requireNonNull(master, "master"));
        this.framework = Objects.requireNonNull(framework, "framework");
        if (instances < 1) {
            throw new IllegalArgumentException("a service needs at least 1 instance, not " + instances);
        }
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("each instance needs some resources, e.g. cpus:1;mem:128");
        }
        this.instances = instances;
        this.shape = shape;
        this.command = Objects.requireNonNull(command, "command");
        this.packer = new OfferPacker(framework.role());
    }

    /**
     * Runs until {@link #stop()} is called, the driver fails, or {@code duration} passes (a zero or
     * negative duration means no limit), then stops the driver and tears the framework down.
     */
    public Result run(Duration duration) throws InterruptedException {
        MasterDetector detector = Mains.detector(master);
        AllotSchedulerDriver driver = Mains.driver(this, framework, detector);
        try {
            driver.start();
            if (duration.isZero() || duration.isNegative()) {
                stopped.await();
            } else {
                stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            stopped.countDown();
            Status end = driver.stop();
            driver.join();
            return result(error != null ? Status.DRIVER_ABORTED : end);
        } finally {
            driver.abort();
            detector.close();
            ended.countDown();
        }
    }

    /**
     * Ends {@link #run} and waits up to {@code wait} for it to have torn the framework down; for a
     * shutdown hook, which must not return before the teardown is sent.
     */
    public void stopAndWait(Duration wait) throws InterruptedException {
        stop();
        ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends {@link #run}; safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopped.countDown();
    }

    synchronized Result result(Status driverStatus) {
        return new Result(instances, launched, replacements, running.size(), driverStatus);
    }

    /** Instances still to launch to be back at K. */
    private int missing() {
        return instances - live.size();
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo masterInfo) {
        LOG.info("Service '{}' registered as {} with {}; keeping {} instance(s) of {}", framework.name(),
                frameworkId, masterInfo, instances, shape);
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            List<TaskInfo> launch = new ArrayList<>();
            for (Resources r : packer.pack(offer.resources(), shape, Resources.empty(), missing())) {
                launched++;
                TaskId id = TaskId.of("instance-" + launched);
                launch.add(TaskInfo.ofCommand(id, framework.name() + " instance " + launched, offer.agentId(), r,
                        command));
                live.add(id);
            }
            if (launch.isEmpty()) {
                driver.declineOffer(offer.id(), 5);
            } else {
                LOG.info("Launching {} instance(s) on {} ({})", launch.size(), offer.hostname(), offer.id());
                driver.launchTasks(List.of(offer.id()), launch);
            }
        }
        if (missing() == 0 && !suppressed) {
            suppressed = true;
            driver.suppressOffers();
        }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        TaskId id = status.taskId();
        if (!live.contains(id)) {
            LOG.debug("Ignored {} of {}, which is not live", status.state(), id);
            return;
        }
        if (status.state() == TaskState.RUNNING) {
            running.add(id);
            LOG.info("Instance {} is running ({} of {})", id, running.size(), instances);
            return;
        }
        if (!status.state().isTerminal()) {
            return;
        }
        live.remove(id);
        running.remove(id);
        if (stopped.getCount() == 0) {
            return;
        }
        replacements++;
        LOG.warn("Instance {} ended {}{}: {}; replacing it (replacement {})", id, status.state(),
                status.reason().map(r -> " (" + r + ")").orElse(""), status.message(), replacements);
        if (suppressed) {
            suppressed = false;
            driver.reviveOffers();
        }
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
        LOG.warn("Agent {} lost; its instances will be replaced when their updates arrive", agentId);
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        LOG.error("Service '{}' failed: {}", framework.name(), message);
        error = message;
        stop();
    }

    static final String USAGE = Mains.USAGE_COMMON
            + "  --instances K        instances to keep alive (default 2)\n"
            + "  --resources R        each instance's resources (default cpus:0.1;mem:32)\n"
            + "  --command C          each instance runs this shell command (default: sleep 3600)\n"
            + "  --duration T         stop after T seconds (default: until killed)\n";

    public static void main(String[] args) throws InterruptedException {
        LongRunningService service;
        Duration duration;
        try {
            Options o = Options.parse(args, Set.of("master", "name", "role", "user", "instances", "resources",
                    "command", "duration"));
            service = new LongRunningService(o.string("master", "127.0.0.1:5050"),
                    Mains.framework(o, "long-running-service"), o.positive("instances", 2),
                    Resources.parse(o.string("resources", "cpus:0.1;mem:32")),
                    CommandInfo.shell(o.string("command", "sleep 3600")));
            duration = o.duration("duration", Duration.ZERO);
        } catch (IllegalArgumentException e) {
            Mains.usage("LongRunningService", USAGE, e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stopAndWait(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "service-stop"));
        Result r = service.run(duration);
        System.out.println("LongRunningService: launched " + r.launched() + ", replaced " + r.replacements()
                + ", " + r.running() + " of " + r.instances() + " running at the end");
        System.exit(r.driver() == Status.DRIVER_STOPPED ? 0 : 1);
    }
}
