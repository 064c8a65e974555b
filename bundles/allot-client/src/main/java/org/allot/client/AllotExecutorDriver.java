package org.allot.client;

import java.nio.file.Path;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskStatus;
import org.allot.client.internal.ExecutorEnvironment;
import org.allot.client.internal.ExecutorProcess;
import org.allot.protocol.ProtocolConfig;

/**
 * The {@link ExecutorDriver} for an executor process started by an Allot agent. The agent passes
 * where to reach it and who the executor is in the environment: {@code ALLOT_AGENT_ENDPOINT}
 * ({@code 127.0.0.1:<port>}), {@code ALLOT_FRAMEWORK_ID}, {@code ALLOT_EXECUTOR_ID},
 * {@code ALLOT_AGENT_ID} and {@code ALLOT_SANDBOX}.
 * <pre>
 *   public static void main(String[] args) {
 *       ExecutorDriver driver = new AllotExecutorDriver(new MyExecutor());
 *       System.exit(driver.run() == Status.DRIVER_STOPPED ? 0 : 1);
 *   }
 * </pre>
 * The driver registers with the agent, calls the executor for each task, and stamps every status update
 * it sends with a fresh uuid and the source {@code EXECUTOR}; the agent delivers it reliably. When the
 * agent asks the executor to shut down, the driver calls {@link Executor#shutdown} and stops; when the
 * agent goes away, it calls {@link Executor#shutdown} and aborts.
 */
public final class AllotExecutorDriver implements ExecutorDriver {

    private final ExecutorProcess process;

    /**
     * A driver configured from this process's environment.
     *
     * @throws IllegalStateException naming the variable that is missing, e.g. when the executor is not
     *                               started by an agent
     */
    public AllotExecutorDriver(Executor executor) {
        this(executor, System.getenv());
    }

    /**
     * A driver configured from {@code environment} instead of the process's, e.g. for an executor
     * embedded in a test or another launcher.
     *
     * @throws IllegalStateException    naming the variable that is missing
     * @throws IllegalArgumentException naming the variable whose value is malformed
     */
    public AllotExecutorDriver(Executor executor, Map<String, String> environment) {
        this(executor, environment, ProtocolConfig.defaults());
    }

    /** As above, with protocol settings other than the defaults. */
    public AllotExecutorDriver(Executor executor, Map<String, String> environment, ProtocolConfig protocol) {
        this.process = new ExecutorProcess(this, executor, ExecutorEnvironment.from(environment), protocol);
    }

    /** The framework this executor belongs to. */
    public FrameworkId frameworkId() {
        return process.environment().frameworkId();
    }

    /** This executor's id. */
    public ExecutorId executorId() {
        return process.environment().executorId();
    }

    /** The agent the executor runs on. */
    public AgentId agentId() {
        return process.environment().agentId();
    }

    /** The executor's sandbox, its working directory on the agent. */
    public Path sandbox() {
        return process.environment().sandbox();
    }

    /** The driver's current state. */
    public Status status() {
        return process.status();
    }

    @Override
    public Status start() {
        return process.start();
    }

    @Override
    public Status stop() {
        return process.stop();
    }

    @Override
    public Status abort() {
        return process.abort();
    }

    @Override
    public Status join() {
        return process.join();
    }

    @Override
    public Status run() {
        Status s = start();
        return s != Status.DRIVER_RUNNING ? s : join();
    }

    @Override
    public Status sendStatusUpdate(TaskStatus status) {
        return process.sendStatusUpdate(status);
    }

    @Override
    public Status sendFrameworkMessage(byte[] data) {
        return process.sendFrameworkMessage(data);
    }
}
