package org.allot.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;
import org.allot.client.AllotSchedulerDriver;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;
import org.allot.examples.Options;

/**
 * A scheduler for the fault-tolerance process tests: it subscribes (with a framework id to fail over
 * to, if given), launches its tasks on its first offer that fits, and prints one line per event, which
 * the test waits for: {@code REGISTERED <framework id> at <time>},
 * {@code STATUS <task> <state> <reason> uuid=<uuid> at <time>},
 * {@code EXECUTOR_LOST <executor> <agent> <status>}, {@code ERROR <message>}, {@code DISCONNECTED},
 * {@code REREGISTERED}, {@code ENDED <driver status>}.
 * <pre>
 *   ProbeScheduler --master 127.0.0.1:5050 --name f --principal team [--framework-id f-1]
 *       [--failover-timeout 30] [--tasks 2] [--command "sleep 3" | --executor sleepy]
 *       [--acknowledge implicit|never]
 * </pre>
 */
public final class ProbeScheduler implements Scheduler {

    static final Resources TASK = Resources.parse("cpus:0.1;mem:16");
    static final Resources EXECUTOR = Resources.parse("cpus:0.1;mem:128");

    private final int tasks;
    private final CommandInfo command;
    private final boolean executor;
    private boolean launched;

    private ProbeScheduler(int tasks, CommandInfo command, boolean executor) {
        this.tasks = tasks;
        this.command = command;
        this.executor = executor;
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Set.of("master", "name", "principal", "framework-id", "failover-timeout",
                "tasks", "command", "executor", "acknowledge"));
        FrameworkInfo.Builder b = FrameworkInfo.builder(o.string("name", "probe"), System.getProperty("user.name"))
                .principal(o.string("principal", "probe"))
                .failoverTimeout(o.duration("failover-timeout", Duration.ZERO));
        if (o.has("framework-id")) {
            b.id(FrameworkId.of(o.string("framework-id", "")));
        }
        int tasks = o.has("tasks") ? o.positive("tasks", 1) : 0;
        ProbeScheduler scheduler = new ProbeScheduler(tasks, CommandInfo.shell(o.string("command", "sleep 3")),
                o.has("executor"));
        boolean implicit = !"never".equals(o.string("acknowledge", "implicit"));
        AllotSchedulerDriver driver = new AllotSchedulerDriver(scheduler, b.build(), o.string("master",
                "127.0.0.1:5050"), implicit);
        print("ENDED " + driver.run());
        System.exit(0);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master) {
        print("REGISTERED " + frameworkId + " at " + Instant.now());
    }

    @Override
    public void reregistered(SchedulerDriver driver, MasterInfo master) {
        print("REREGISTERED");
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            Resources needed = executor ? EXECUTOR : Resources.empty();
            for (int i = 0; i < tasks; i++) {
                needed = needed.add(TASK);
            }
            if (launched || tasks == 0 || !offer.resources().contains(needed)) {
                driver.declineOffer(offer.id(), 3600);
                continue;
            }
            launched = true;
            List<TaskInfo> launch = new ArrayList<>();
            for (int i = 1; i <= tasks; i++) {
                TaskId id = TaskId.of("t-" + i);
                launch.add(executor ? TaskInfo.ofExecutor(id, "probe " + i, offer.agentId(), TASK, sleepyExecutor())
                        : TaskInfo.ofCommand(id, "probe " + i, offer.agentId(), TASK, command));
            }
            driver.launchTasks(List.of(offer.id()), launch);
        }
    }

    /**
     * {@link SleepyExecutor} with this JVM's java and class path. NOTE: the first argument names the
     * class again, as a system property, because {@code ProcessHandle.Info.commandLine()} reads only
     * the first page of {@code /proc/PID/cmdline} and the class path is longer than that.
     */
    private static ExecutorInfo sleepyExecutor() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ExecutorInfo(ExecutorId.of("sleepy"), "sleepy executor", CommandInfo.argv(List.of(java,
                "-Dallot.probe=" + SleepyExecutor.class.getName(), "-Xmx64m", "-cp", System.getProperty("java.class.path"), SleepyExecutor.class.getName())), EXECUTOR);
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        print("STATUS " + status.taskId() + " " + status.state() + " " + status.reason().map(Enum::name).orElse("-")
                + " uuid=" + status.uuid().map(Object::toString).orElse("none") + " at " + Instant.now());
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        print("DISCONNECTED");
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
        print("AGENT_LOST " + agentId);
    }

    @Override
    public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
        print("EXECUTOR_LOST " + executorId + " " + agentId + " " + status);
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        print("ERROR " + message);
    }
}
