package org.allot.agent.internal;

import org.allot.protocol.loop.EventLoop;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.isolation.posix.internal.PosixIsolator;
import org.allot.isolation.posix.internal.PosixLauncher;
import org.allot.isolation.posix.internal.PosixSettings;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.RunTask;
import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * What the agent's tests share: a fake master per test, real processes through the POSIX isolator
 * in a temporary work dir, and every agent and master stopped after the test.
 */
public abstract class AgentTestSupport {

    protected static final String FID = "f-test-1";
    protected static final Duration WAIT = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    protected final List<Agent> agents = new ArrayList<>();

    @After
    public void tearDown() throws Exception {
        for (Agent a : agents) {
            a.stopAndKillContainers(); // a test leaves no process behind
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    // ----- helpers -----

    protected FakeMaster master(int port) throws IOException {
        FakeMaster m = new FakeMaster(port);
        closeables.add(m);
        return m;
    }

    protected AgentConfig.Builder config(FakeMaster master) throws IOException {
        return AgentConfig.builder().master("127.0.0.1:" + master.port).host("127.0.0.1").port(0)
                .workDir(tmp.newFolder().toPath()).killGrace(Duration.ofSeconds(1));
    }

    /** The posix launcher and isolator, as in a default agent. */
    protected static IsolationRegistry isolator() {
        return IsolationRegistry.of(new PosixLauncher(), new PosixIsolator(PosixSettings.defaults()));
    }

    protected Agent start(AgentConfig config, EventLoop loop) throws IOException {
        Agent agent = new Agent(config, isolator(), loop);
        agents.add(agent);
        agent.start();
        return agent;
    }

    protected static void awaitRegistered(Agent agent) {
        await().atMost(WAIT).until(() -> agent.agentId().isPresent());
    }

    protected static Optional<Envelope> first(FakeMaster master, Envelope.MessageCase kind) {
        return master.of(kind).stream().findFirst();
    }

    protected static Envelope runTask(String taskId, CommandInfo command) {
        return runTask(TaskInfo.ofCommand(TaskId.of(taskId), taskId, AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:32"), command));
    }

    /** A command task whose id is sent as given, even one no {@link TaskId} would accept. */
    protected static Envelope runTaskWithRawId(String taskId, CommandInfo command) {
        Envelope valid = runTask("t-placeholder", command);
        return valid.toBuilder().setRunTask(valid.getRunTask().toBuilder().setTask(valid.getRunTask().getTask()
                .toBuilder().setTaskId(taskId))).build();
    }

    protected static Envelope runTask(TaskInfo task) {
        return Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                .setFramework(FrameworkInfo.newBuilder().setFrameworkId(FID).setName("test").setUser(
                        System.getProperty("user.name")))
                .setTask(Wire.toProto(task, FrameworkId.of(FID)))).build();
    }

    protected static ExecutorInfo testExecutor(Map<String, String> env) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ExecutorInfo(ExecutorId.of("e-test"), "test executor",
                CommandInfo.argv(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                        TestExecutor.class.getName())).withEnvironment(env), Resources.parse("cpus:0.1;mem:64"));
    }
}
