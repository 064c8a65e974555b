package org.allot.client.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.protocol.link.MasterAddress;

/**
 * What the agent tells an executor process through its environment.
 *
 * @param agentEndpoint where the agent listens for its executors (loopback)
 * @param frameworkId   the framework the executor belongs to
 * @param executorId    the executor's id
 * @param agentId       the agent's id
 * @param sandbox       the executor's working directory
 */
public record ExecutorEnvironment(MasterAddress agentEndpoint, FrameworkId frameworkId, ExecutorId executorId,
                                  AgentId agentId, Path sandbox) {

    public static final String AGENT_ENDPOINT = "ALLOT_AGENT_ENDPOINT";
    public static final String FRAMEWORK_ID = "ALLOT_FRAMEWORK_ID";
    public static final String EXECUTOR_ID = "ALLOT_EXECUTOR_ID";
    public static final String AGENT_ID = "ALLOT_AGENT_ID";
    public static final String SANDBOX = "ALLOT_SANDBOX";

    public ExecutorEnvironment {
        Objects.requireNonNull(agentEndpoint, "agentEndpoint");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(sandbox, "sandbox");
    }

    /**
     * Reads the five variables.
     *
     * @throws IllegalStateException naming the first variable missing or empty
     * @throws IllegalArgumentException naming a variable whose value is malformed
     */
    public static ExecutorEnvironment from(Map<String, String> env) {
        MasterAddress endpoint = MasterAddress.parse(AGENT_ENDPOINT, require(env, AGENT_ENDPOINT));
        FrameworkId framework = parse(FRAMEWORK_ID, require(env, FRAMEWORK_ID), FrameworkId::of);
        ExecutorId executor = parse(EXECUTOR_ID, require(env, EXECUTOR_ID), ExecutorId::of);
        AgentId agent = parse(AGENT_ID, require(env, AGENT_ID), AgentId::of);
        Path sandbox = Path.of(require(env, SANDBOX));
        return new ExecutorEnvironment(endpoint, framework, executor, agent, sandbox);
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set: an executor runs in the"
                    + " process an Allot agent starts, which sets " + AGENT_ENDPOINT + ", " + FRAMEWORK_ID + ", "
                    + EXECUTOR_ID + ", " + AGENT_ID + " and " + SANDBOX);
        }
        return value;
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + value + "': " + e.getMessage(), e);
        }
    }
}
