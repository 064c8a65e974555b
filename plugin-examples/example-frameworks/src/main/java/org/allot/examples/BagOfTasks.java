package org.allot.examples;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * Runs N tasks of one shape, each once, packing them into offers as they fit and declining what is
 * left; ends when every task has reached a terminal state. Tasks are not retried: the result says how
 * many finished, and the program exits 0 only if all did.
 * <pre>
 *   java -cp ... org.allot.examples.BagOfTasks --master 127.0.0.1:5050 --tasks 20 \
 *        --resources "cpus:0.5;mem:64" --task-seconds 2
 * </pre>
 */
public final class BagOfTasks extends LoggingScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(BagOfTasks.class);

    /** Seconds a declined offer's resources stay away once every task is launched. */
    static final double REFUSE_WHEN_DONE_SECONDS = 120;

    /**
     * How a run ended.
     *
     * @param total    the tasks asked for
     * @param finished tasks that ended {@code FINISHED}
     * @param failed   tasks that ended in another terminal state (failed, killed, lost, error, ...)
     * @param timedOut whether the run was cut short by its timeout
     * @param driver   how the driver ended
     * @param duplicates status updates that reached the scheduler for a task already terminal (a
     *                 terminal status delivered twice shows here; Allot promises zero)
     */
    public record Result(int total, int finished, int failed, boolean timedOut, Status driver, int duplicates) {
        public boolean allFinished() {
            return finished == total;
        }

        /** 0 if every task finished, 1 otherwise. */
        public int exitCode() {
            return allFinished() ? 0 : 1;
        }
    }

    private final String master;
    private final FrameworkInfo framework;
    private final int total;
    private final Resources shape;
    private final CommandInfo command;
    private final OfferPacker packer;

    // Guarded by this: the callbacks come on the driver's thread, run() reads from another.
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Map<TaskId, TaskState> states = new HashMap<>();
    /** Tasks whose end came first from a reconciliation: the agent's own updates may follow. */
    private final Set<TaskId> endedByReconciliation = new java.util.HashSet<>();
    private int running;
    private int finished;
    private int failed;
    private int duplicates;
    private boolean suppressed;
    private volatile String error;
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param master    {@code host:port} of the master, or {@code zk://host:port[,...]/path} to follow the
     *                  elected leader
     * @param tasks     how many tasks, at least 1
     * @param shape     what each task uses, e.g. {@code cpus:1;mem:128}; not empty
     * @param command   what each task runs, e.g. {@code sleep 5}
     */
    public BagOfTasks(String master, FrameworkInfo framework, int tasks, Resources shape, CommandInfo command) {
        this.master = Mains.master(Objects.requireNonNull(master, "master"));
        this.framework = Objects.requireNonNull(framework, "framework");
        if (tasks < 1) {
            throw new IllegalArgumentException("a bag of tasks needs at least 1 task, not " + tasks);
        }
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("each task needs some resources, e.g. cpus:1;mem:128");
        }
        this.total = tasks;
        this.shape = shape;
        this.command = Objects.requireNonNull(command, "command");
        this.packer = new OfferPacker(framework.role());
        for (int i = 1; i <= tasks; i++) {
            pending.add(i);
        }
    }

    /**
     * Runs the framework until every task is terminal or {@code timeout} passes, then stops the driver
     * (tearing the framework down, which kills what still runs).
     */
    public Result run(Duration timeout) throws InterruptedException {
        try (MasterDetector detector = Mains.detector(master)) {
            AllotSchedulerDriver driver = Mains.driver(this, framework, detector);
            driver.start();
            boolean completed = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!completed) {
                LOG.warn("Timed out after {} with {}", timeout, progressText());
            }
            Status end = driver.stop();
            driver.join();
            return result(!completed, error != null ? Status.DRIVER_ABORTED : end);
        }
    }

    synchronized Result result(boolean timedOut, Status driverStatus) {
        return new Result(total, finished, failed, timedOut, driverStatus, duplicates);
    }

    /** Where the run stands now: tasks running, finished and failed, of {@code total}. */
    public record Progress(int total, int running, int finished, int failed) {
    }

    public synchronized Progress progress() {
        return new Progress(total, running, finished, failed);
    }

    /** Whether every task is terminal (or the driver failed). */
    boolean isDone() {
        return done.getCount() == 0;
    }

    private String progressText() {
        return "running " + running + ", finished " + finished + ", failed " + failed + " of " + total
                + " (" + pending.size() + " not launched)";
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo masterInfo) {
        LOG.info("Framework '{}' registered as {} with {}; {} task(s) of {} to run", framework.name(), frameworkId,
                masterInfo, total, shape);
    }

    /**
     * After a master failover, asks the new leader about every task launched but not yet heard of:
     * a launch the old leader took but never sent is unknown to the new one, and runs again.
     */
    @Override
    public synchronized void reregistered(SchedulerDriver driver, MasterInfo masterInfo) {
        super.reregistered(driver, masterInfo);
        List<TaskStatus> unheard = new ArrayList<>();
        states.forEach((id, state) -> {
            if (state == TaskState.STAGING) {
                unheard.add(TaskStatus.builder(id, state, TaskStatus.Source.MASTER, java.time.Instant.now()).build());
            }
        });
        if (!unheard.isEmpty()) {
            LOG.info("Reconciling {} task(s) launched but not heard of with the new master", unheard.size());
            driver.reconcileTasks(unheard);
        }
    }

    /**
     * Whether {@code status} says the task never reached an agent, so launching it again cannot run it
     * twice: the master voided the launch (its offers were gone, e.g. from an earlier leader) or it
     * does not know the task at all after a failover.
     */
    private static boolean neverLaunched(TaskStatus status) {
        // A reconciliation's TASK_LOST (TASK_UNKNOWN if partition-aware) means no agent reported it.
        return status.source() == TaskStatus.Source.MASTER && (status.state() == TaskState.UNKNOWN
                || (status.state() == TaskState.LOST && status.reason().filter(r -> r == TaskStatus.Reason.INVALID_OFFERS
                        || r == TaskStatus.Reason.OFFER_RESCINDED || r == TaskStatus.Reason.RECONCILIATION)
                        .isPresent()));
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            List<TaskInfo> launch = new ArrayList<>();
            for (Resources r : packer.pack(offer.resources(), shape, Resources.empty(), pending.size())) {
                int n = pending.poll();
                TaskId id = TaskId.of("task-" + n);
                launch.add(TaskInfo.ofCommand(id, framework.name() + " task " + n, offer.agentId(), r, command));
                states.put(id, TaskState.STAGING);
            }
            if (launch.isEmpty()) {
                driver.declineOffer(offer.id(), pending.isEmpty() ? REFUSE_WHEN_DONE_SECONDS : 5);
            } else {
                LOG.info("Launching {} task(s) on {} ({})", launch.size(), offer.hostname(), offer.id());
                driver.launchTasks(List.of(offer.id()), launch);
            }
        }
        if (pending.isEmpty() && !suppressed) {
            suppressed = true;
            driver.suppressOffers();
        }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        TaskState before = states.get(status.taskId());
        boolean reconciliation = status.reason().filter(r -> r == TaskStatus.Reason.RECONCILIATION).isPresent();
        if (before != null && before.isTerminal()
                && (reconciliation || endedByReconciliation.contains(status.taskId()))) {
            // A reconciliation's answer came first: the agent's own stream (its last RUNNING, its end,
            // resent to the new master) may follow, and is no news.
            LOG.debug("Task {} reported {} again after a reconciliation", status.taskId(), status.state());
            return;
        }
        if (before != null && before.isTerminal()) {
            duplicates++;
            LOG.warn("Task {} reported {} after it had ended {}", status.taskId(), status.state(), before);
            return;
        }
        if (before == null) {
            LOG.debug("Ignored {} of task {}, which is not live", status.state(), status.taskId());
            return;
        }
        if (before == TaskState.STAGING && neverLaunched(status)) {
            LOG.info("Task {} was never launched ({}: {}); launching it again", status.taskId(), status.state(),
                    status.message());
            states.remove(status.taskId());
            pending.addFirst(Integer.parseInt(status.taskId().value().substring("task-".length())));
            if (suppressed) {
                suppressed = false;
                driver.reviveOffers();
            }
            return;
        }
        states.put(status.taskId(), status.state());
        if (reconciliation && status.state().isTerminal()) {
            endedByReconciliation.add(status.taskId());
        }
        if (before == TaskState.RUNNING) {
            running--;
        }
        if (status.state() == TaskState.RUNNING) {
            running++;
        } else if (status.state() == TaskState.FINISHED) {
            finished++;
        } else if (status.state().isTerminal()) {
            failed++;
            LOG.warn("Task {} ended {}{}: {}", status.taskId(), status.state(),
                    status.reason().map(r -> " (" + r + ")").orElse(""), status.message());
        }
        LOG.info("Task {} is {}: {}", status.taskId(), status.state(), progressText());
        if (finished + failed == total) {
            LOG.info("All {} task(s) are done: {} finished, {} failed", total, finished, failed);
            done.countDown();
        }
    }

    @Override
    public synchronized void error(SchedulerDriver driver, String message) {
        LOG.error("Framework '{}' failed: {}", framework.name(), message);
        error = message;
        done.countDown();
    }

    /** {@code 2} for two seconds, {@code 1.5} for 1500 ms: what {@code sleep} accepts. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    static final String USAGE = Mains.USAGE_COMMON
            + "  --tasks N            how many tasks (default 10)\n"
            + "  --resources R        each task's resources (default cpus:0.1;mem:32)\n"
            + "  --task-seconds S     each task runs 'sleep S' (default 1)\n"
            + "  --command C          each task runs this shell command instead\n"
            + "  --timeout T          give up after T seconds (default 600)\n";

    public static void main(String[] args) throws InterruptedException {
        BagOfTasks bag;
        Duration timeout;
        try {
            Options o = Options.parse(args, Set.of("master", "name", "role", "user", "tasks", "resources",
                    "task-seconds", "command", "timeout"));
            Duration seconds = o.duration("task-seconds", Duration.ofSeconds(1));
            CommandInfo command = CommandInfo.shell(o.string("command",
                    "sleep " + seconds(seconds)));
            bag = new BagOfTasks(o.string("master", "127.0.0.1:5050"), Mains.framework(o, "bag-of-tasks"),
                    o.positive("tasks", 10), Resources.parse(o.string("resources", "cpus:0.1;mem:32")), command);
            timeout = o.duration("timeout", Duration.ofMinutes(10));
        } catch (IllegalArgumentException e) {
            Mains.usage("BagOfTasks", USAGE, e);
            return;
        }
        Result r = bag.run(timeout);
        System.out.println("BagOfTasks: " + r.finished() + " of " + r.total() + " task(s) finished, " + r.failed()
                + " failed, " + r.duplicates() + " duplicate terminal update(s)" + (r.timedOut() ? ", timed out" : ""));
        System.exit(r.exitCode());
    }
}
