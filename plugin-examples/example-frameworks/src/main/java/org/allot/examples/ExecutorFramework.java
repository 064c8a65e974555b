package org.allot.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
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
 * Runs N tasks under the custom {@link EchoExecutor}, started on each agent as
 * {@code java -cp <this program's class path> org.allot.examples.EchoExecutor}; each task carries
 * {@code "echo <n>"} as data, and the executor sends it back. Ends when every task is terminal; exits
 * 0 only if all finished and every echo came back.
 * <pre>
 *   java -cp ... org.allot.examples.ExecutorFramework --master 127.0.0.1:5050 --tasks 4
 * </pre>
 * NOTE: the executor runs on the agent's machine with this program's class path, so the class path
 * must exist there too; for a local cluster it does.
 */
public final class ExecutorFramework extends LoggingScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorFramework.class);

    /** Resources of the executor itself, on top of its tasks: a JVM. */
    public static final Resources EXECUTOR_RESOURCES = Resources.parse("cpus:0.1;mem:128");

    /**
     * How a run ended.
     *
     * @param total    the tasks asked for
     * @param finished tasks that ended {@code FINISHED}
     * @param failed   tasks that ended in another terminal state
     * @param echoes   the echoed task data received as framework messages
     * @param timedOut whether the run was cut short by its timeout
     * @param driver   how the driver ended
     */
    public record Result(int total, int finished, int failed, List<String> echoes, boolean timedOut, Status driver) {
        public Result {
            echoes = List.copyOf(echoes);
        }

        public int exitCode() {
            return finished == total && echoes.size() == total ? 0 : 1;
        }
    }

    private final String master;
    private final FrameworkInfo framework;
    private final int total;
    private final Resources shape;
    private final ExecutorInfo executor;
    private final OfferPacker packer;

    // Guarded by this.
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Map<TaskId, TaskState> states = new HashMap<>();
    private final List<String> echoes = new ArrayList<>();
    private int finished;
    private int failed;
    private volatile String error;
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param executorCommand how the agent starts the executor; {@link #echoExecutorCommand()} for this
     *                        program's own {@link EchoExecutor}
     */
    public ExecutorFramework(String master, FrameworkInfo framework, int tasks, Resources shape,
            CommandInfo executorCommand) {
        this.master = Mains.master(Objects.requireNonNull(master, "master"));
        this.framework = Objects.requireNonNull(framework, "framework");
        if (tasks < 1) {
            throw new IllegalArgumentException("the framework needs at least 1 task, not " + tasks);
        }
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("each task needs some resources, e.g. cpus:0.1;mem:16");
        }
        this.total = tasks;
        this.shape = shape;
        this.executor = new ExecutorInfo(ExecutorId.of("echo-executor"), "echo executor",
                Objects.requireNonNull(executorCommand, "executorCommand"), EXECUTOR_RESOURCES);
        this.packer = new OfferPacker(framework.role());
        for (int i = 1; i <= tasks; i++) {
            pending.add(i);
        }
    }

    /**
     * The command that starts {@link EchoExecutor} with the class path of the running JVM and the same
     * {@code java}: {@code [<java.home>/bin/java, -cp, <java.class.path>, org.allot.examples.EchoExecutor]}.
     */
    public static CommandInfo echoExecutorCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return CommandInfo.argv(List.of(java, "-cp", absoluteClassPath(System.getProperty("java.class.path")),
                EchoExecutor.class.getName()));
    }

    /**
     * NOTE: the agent starts the executor in its sandbox, not in this program's folder, so a class
     * path given relative to here ({@code java -cp launcher/target/allot-local.jar}) must be made absolute.
     */
    static String absoluteClassPath(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The executor the tasks run under. */
    public ExecutorInfo executor() {
        return executor;
    }

    public Result run(Duration timeout) throws InterruptedException {
        try (MasterDetector detector = Mains.detector(master)) {
            AllotSchedulerDriver driver = Mains.driver(this, framework, detector);
            driver.start();
            boolean completed = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Status end = driver.stop();
            driver.join();
            return result(!completed, error != null ? Status.DRIVER_ABORTED : end);
        }
    }

    synchronized Result result(boolean timedOut, Status driverStatus) {
        return new Result(total, finished, failed, echoes, timedOut, driverStatus);
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo masterInfo) {
        LOG.info("Framework '{}' registered as {} with {}; {} task(s) under {}", framework.name(), frameworkId,
                masterInfo, total, executor.command().argv());
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            List<TaskInfo> launch = new ArrayList<>();
            // The executor's own resources are counted once per offer (the executor may already run on
            // the agent; then they are simply left over).
            for (Resources r : packer.pack(offer.resources(), shape, executor.resources(), pending.size())) {
                int n = pending.poll();
                TaskId id = TaskId.of("echo-" + n);
                launch.add(TaskInfo.ofExecutor(id, "echo " + n, offer.agentId(), r, executor)
                        .withData(("echo " + n).getBytes(StandardCharsets.UTF_8)));
                states.put(id, TaskState.STAGING);
            }
            if (launch.isEmpty()) {
                driver.declineOffer(offer.id(), pending.isEmpty() ? 120 : 5);
            } else {
                driver.launchTasks(List.of(offer.id()), launch);
            }
        }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        TaskState before = states.get(status.taskId());
        if (before == null || before.isTerminal()) {
            return;
        }
        states.put(status.taskId(), status.state());
        if (status.state() == TaskState.FINISHED) {
            finished++;
        } else if (status.state().isTerminal()) {
            failed++;
            LOG.warn("Task {} ended {}: {}", status.taskId(), status.state(), status.message());
        }
        LOG.info("Task {} is {} ({} finished, {} failed of {})", status.taskId(), status.state(), finished, failed,
                total);
        checkDone();
    }

    @Override
    public synchronized void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId,
            byte[] data) {
        String echo = new String(data, StandardCharsets.UTF_8);
        echoes.add(echo);
        LOG.info("Executor {} on {} echoed '{}'", executorId, agentId, echo);
        checkDone();
    }

    /**
     * Done when every task is terminal and, if all finished, every echo is in: an echo is sent before
     * its task's FINISHED but travels a different path, so either may come first.
     */
    private void checkDone() {
        if (finished + failed == total && (failed > 0 || echoes.size() >= total)) {
            done.countDown();
        }
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        LOG.error("Framework '{}' failed: {}", framework.name(), message);
        error = message;
        done.countDown();
    }

    static final String USAGE = Mains.USAGE_COMMON
            + "  --tasks N            how many tasks (default 3)\n"
            + "  --resources R        each task's resources (default cpus:0.1;mem:16)\n"
            + "  --timeout T          give up after T seconds (default 300)\n";

    public static void main(String[] args) throws InterruptedException {
        ExecutorFramework fw;
        Duration timeout;
        try {
            Options o = Options.parse(args, Set.of("master", "name", "role", "user", "tasks", "resources", "timeout"));
            fw = new ExecutorFramework(o.string("master", "127.0.0.1:5050"), Mains.framework(o, "echo-framework"),
                    o.positive("tasks", 3), Resources.parse(o.string("resources", "cpus:0.1;mem:16")),
                    echoExecutorCommand());
            timeout = o.duration("timeout", Duration.ofMinutes(5));
        } catch (IllegalArgumentException e) {
            Mains.usage("ExecutorFramework", USAGE, e);
            return;
        }
        Result r = fw.run(timeout);
        System.out.println("ExecutorFramework: " + r.finished() + " of " + r.total() + " task(s) finished, "
                + r.echoes().size() + " echo(es) received" + (r.timedOut() ? ", timed out" : ""));
        System.exit(r.exitCode());
    }
}
