package org.allot.protocol;

import com.google.protobuf.ByteString;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Names;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.Range;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;

/**
 * Converts between the {@code org.allot.api} value types and the protobuf messages of
 * {@code model.proto} ({@code org.allot.protocol.proto}).
 *
 * <p>{@code toProto} never fails for a valid API value, except where the wire cannot say what the
 * value says (an unknown framework capability, an allow list that is empty on purpose); then it
 * throws rather than send something else. {@code fromProto}, {@link #resources} and
 * {@link #attributes} read what a peer sent and validate it: every problem is an
 * {@link IllegalArgumentException} whose message starts with the field path and shows the value,
 * e.g. {@code "TaskInfo.task_id is empty"} or
 * {@code "AgentInfo.resources[1].scalar_millis is -5 for 'cpus': resources cannot be negative"},
 * so that the master can hand it to the peer as it is.
 *
 * <p>Enums are mapped name by name, never by ordinal, so that reordering either side cannot
 * silently change a state. Fields one side has and the other lacks:
 * <ul>
 *   <li>{@code FrameworkInfo.offer_constraints}: the API keeps constraints apart from
 *       {@link FrameworkInfo}; use {@link #toProto(FrameworkInfo, OfferConstraints)} and
 *       {@code fromProto(proto.getOfferConstraints())}.</li>
 *   <li>{@code FrameworkInfo.checkpoint}, {@code FrameworkInfo.labels}, {@code TaskInfo.labels}:
 *       not in the API; written as defaults and ignored when read.</li>
 *   <li>{@code ExecutorInfo.framework_id}: not in the API; set by
 *       {@link #toProto(ExecutorInfo, FrameworkId)} and ignored when read (the enclosing message
 *       names the framework).</li>
 *   <li>{@code Offer.executor_ids}: not in the API; set by {@link #toProto(Offer, Collection)},
 *       ignored when read.</li>
 *   <li>{@code CommandInfo.user}: not in the API; a non-empty user is rejected when read rather
 *       than silently running the command as the agent's user.</li>
 *   <li>{@code Attribute.scalar_millis} and {@code Attribute.ranges}: API attributes are text, so
 *       they are read as their text form ({@code 1.5}, {@code [1-5,8-9]}).</li>
 *   <li>Times travel in milliseconds: a {@link TaskStatus#timestamp()} or failover timeout with
 *       sub-millisecond digits comes back truncated to the millisecond.</li>
 * </ul>
 */
public final class Wire {

    private Wire() {
    }

    // ----- resources -----

    /** Every entry of {@code resources}, in their canonical order (name, then role). */
    public static List<org.allot.protocol.proto.Resource> toProto(Resources resources) {
        List<org.allot.protocol.proto.Resource> out = new ArrayList<>();
        for (Resource r : resources.entries()) {
            out.add(toProto(r));
        }
        return out;
    }

    /** One resource entry. */
    public static org.allot.protocol.proto.Resource toProto(Resource resource) {
        org.allot.protocol.proto.Resource.Builder b = org.allot.protocol.proto.Resource.newBuilder()
                .setName(resource.name())
                .setRole(resource.role());
        switch (resource.type()) {
            case SCALAR:
                b.setScalarMillis(resource.scalarMillis());
                break;
            case RANGES:
                org.allot.protocol.proto.Resource.Ranges.Builder rb = org.allot.protocol.proto.Resource.Ranges.newBuilder();
                for (Range range : resource.ranges()) {
                    rb.addRange(org.allot.protocol.proto.Resource.Range.newBuilder()
                            .setBegin(range.begin()).setEnd(range.end()));
                }
                b.setRanges(rb);
                break;
            case SET:
                b.setSet(org.allot.protocol.proto.Resource.Set.newBuilder().addAllItem(resource.set()));
                break;
            default:
                throw new IllegalArgumentException("Resource.type " + resource.type() + " has no wire form");
        }
        return b.build();
    }

    /**
     * The resources a peer sent. An empty role means the default role {@code *}; zero or empty
     * entries are dropped as in {@link Resources}.
     *
     * @throws IllegalArgumentException for an entry without a value, a negative scalar, a bad or
     *                                  overlapping range, a bad name, role or set item, or the same
     *                                  name and role given twice
     */
    public static Resources resources(List<org.allot.protocol.proto.Resource> resources) {
        return resources("Resource", resources);
    }

    /** One resource entry a peer sent; see {@link #resources(List)}. */
    public static Resource fromProto(org.allot.protocol.proto.Resource resource) {
        return resource("Resource", resource);
    }

    private static Resources resources(String path, List<org.allot.protocol.proto.Resource> resources) {
        List<Resource> out = new ArrayList<>(resources.size());
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < resources.size(); i++) {
            String at = path + "[" + i + "]";
            Resource r = resource(at, resources.get(i));
            String key = r.name() + "(" + r.role() + ")";
            Integer first = seen.putIfAbsent(key, i);
            if (first != null) {
                throw new IllegalArgumentException(at + " repeats " + key + " already given at index " + first
                        + "; give each name and role once");
            }
            out.add(r);
        }
        return Resources.of(out);
    }

    private static Resource resource(String path, org.allot.protocol.proto.Resource r) {
        String name = r.getName();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(path + ".name is empty");
        }
        String role = r.getRole().isEmpty() ? Resource.UNRESERVED : r.getRole();
        switch (r.getValueCase()) {
            case SCALAR_MILLIS: {
                long millis = r.getScalarMillis();
                if (millis < 0) {
                    throw new IllegalArgumentException(path + ".scalar_millis is " + millis + " for '"
                            + Names.printable(name) + "': resources cannot be negative");
                }
                return api(path, () -> Resource.scalarMillis(name, role, millis));
            }
            case RANGES: {
                List<Range> ranges = new ArrayList<>();
                List<org.allot.protocol.proto.Resource.Range> wire = r.getRanges().getRangeList();
                for (int i = 0; i < wire.size(); i++) {
                    ranges.add(range(path + ".ranges[" + i + "]", name, wire.get(i)));
                }
                return api(path, () -> Resource.ranges(name, role, ranges));
            }
            case SET:
                return api(path, () -> Resource.set(name, role, r.getSet().getItemList()));
            case VALUE_NOT_SET:
            default:
                throw new IllegalArgumentException(path + ".value is not set for '" + Names.printable(name)
                        + "': give scalar_millis, ranges or set");
        }
    }

    private static Range range(String path, String name, org.allot.protocol.proto.Resource.Range r) {
        // uint64 arrives as a signed long: anything above Long.MAX_VALUE reads as negative.
        long begin = r.getBegin();
        long end = r.getEnd();
        String shown = Long.toUnsignedString(begin) + "-" + Long.toUnsignedString(end);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(path + " " + shown + " for '" + Names.printable(name)
                    + "' has a bound above " + Long.MAX_VALUE);
        }
        if (end < begin) {
            throw new IllegalArgumentException(path + " " + shown + " for '" + Names.printable(name)
                    + "' is reversed: begin must be <= end");
        }
        return new Range(begin, end);
    }

    // ----- attributes -----

    /** Every attribute as text, sorted by name. */
    public static List<org.allot.protocol.proto.Attribute> toProto(Attributes attributes) {
        List<org.allot.protocol.proto.Attribute> out = new ArrayList<>();
        attributes.asMap().forEach((name, value) -> out.add(
                org.allot.protocol.proto.Attribute.newBuilder().setName(name).setText(value).build()));
        return out;
    }

    /**
     * The attributes a peer sent. Scalar and range attributes become their text form, e.g.
     * {@code 1.5} or {@code [1-5,8-9]}.
     *
     * @throws IllegalArgumentException for an attribute without a value, a bad name or value, a
     *                                  bad range or a name given twice
     */
    public static Attributes attributes(List<org.allot.protocol.proto.Attribute> attributes) {
        return attributes("Attribute", attributes);
    }

    private static Attributes attributes(String path, List<org.allot.protocol.proto.Attribute> attributes) {
        TreeMap<String, String> values = new TreeMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            String at = path + "[" + i + "]";
            org.allot.protocol.proto.Attribute a = attributes.get(i);
            String name = a.getName();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(at + ".name is empty");
            }
            String value;
            switch (a.getValueCase()) {
                case TEXT:
                    value = a.getText();
                    break;
                case SCALAR_MILLIS:
                    value = BigDecimal.valueOf(a.getScalarMillis(), 3).stripTrailingZeros().toPlainString();
                    break;
                case RANGES: {
                    StringBuilder b = new StringBuilder("[");
                    List<org.allot.protocol.proto.Resource.Range> wire = a.getRanges().getRangeList();
                    for (int j = 0; j < wire.size(); j++) {
                        b.append(j == 0 ? "" : ",").append(range(at + ".ranges[" + j + "]", name, wire.get(j)));
                    }
                    value = b.append(']').toString();
                    break;
                }
                case VALUE_NOT_SET:
                default:
                    throw new IllegalArgumentException(at + ".value is not set for '" + Names.printable(name)
                            + "': give text, scalar_millis or ranges");
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(at + " repeats the name '" + Names.printable(name)
                        + "'; give each attribute once");
            }
        }
        return api(path, () -> Attributes.of(values));
    }

    // ----- agents -----

    public static org.allot.protocol.proto.AgentInfo toProto(AgentInfo agent) {
        return org.allot.protocol.proto.AgentInfo.newBuilder()
                .setAgentId(agent.id().map(AgentId::value).orElse(""))
                .setHostname(agent.hostname())
                .setPort(agent.port())
                .addAllResources(toProto(agent.resources()))
                .addAllAttributes(toProto(agent.attributes()))
                .build();
    }

    /** An agent as it describes itself; {@code agent_id} may be empty (first registration). */
    public static AgentInfo fromProto(org.allot.protocol.proto.AgentInfo agent) {
        Optional<AgentId> id = optionalId("AgentInfo.agent_id", agent.getAgentId(), AgentId::of);
        String hostname = text("AgentInfo.hostname", agent.getHostname());
        int port = agent.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("AgentInfo.port " + port + " is invalid: use 1..65535");
        }
        Resources resources = resources("AgentInfo.resources", agent.getResourcesList());
        Attributes attributes = attributes("AgentInfo.attributes", agent.getAttributesList());
        return api("AgentInfo", () -> new AgentInfo(id, hostname, port, resources, attributes));
    }

    // ----- frameworks -----

    /** The framework without offer constraints; see {@link #toProto(FrameworkInfo, OfferConstraints)}. */
    public static org.allot.protocol.proto.FrameworkInfo toProto(FrameworkInfo framework) {
        return frameworkBuilder(framework).build();
    }

    /**
     * The framework with its offer constraints, which the API keeps apart from {@link FrameworkInfo}.
     *
     * @throws IllegalArgumentException as {@link #toProto(OfferConstraints)}, or for a capability the
     *                                  protocol does not know
     */
    public static org.allot.protocol.proto.FrameworkInfo toProto(FrameworkInfo framework, OfferConstraints constraints) {
        return frameworkBuilder(framework).setOfferConstraints(toProto(constraints)).build();
    }

    private static org.allot.protocol.proto.FrameworkInfo.Builder frameworkBuilder(FrameworkInfo f) {
        org.allot.protocol.proto.FrameworkInfo.Builder b = org.allot.protocol.proto.FrameworkInfo.newBuilder()
                .setFrameworkId(f.id().map(FrameworkId::value).orElse(""))
                .setName(f.name())
                .setUser(f.user())
                .setRole(f.role())
                .setPrincipal(f.principal().orElse(""))
                .setHostname(f.hostname().orElse(""))
                .setFailoverTimeoutMillis(f.failoverTimeout().toMillis());
        for (String capability : f.capabilities()) {
            b.addCapabilities(capability(capability));
        }
        return b;
    }

    private static org.allot.protocol.proto.FrameworkInfo.Capability capability(String capability) {
        switch (capability) {
            case "PARTITION_AWARE":
                return org.allot.protocol.proto.FrameworkInfo.Capability.PARTITION_AWARE;
            case "TASK_KILLING_STATE":
                return org.allot.protocol.proto.FrameworkInfo.Capability.TASK_KILLING_STATE;
            case "REVOCABLE_RESOURCES":
                return org.allot.protocol.proto.FrameworkInfo.Capability.REVOCABLE_RESOURCES;
            case "MULTI_ROLE":
                return org.allot.protocol.proto.FrameworkInfo.Capability.MULTI_ROLE;
            default:
                throw new IllegalArgumentException("FrameworkInfo.capabilities has '" + Names.printable(capability)
                        + "', which the protocol does not know; use PARTITION_AWARE, TASK_KILLING_STATE,"
                        + " REVOCABLE_RESOURCES or MULTI_ROLE");
        }
    }

    private static String capability(int number, org.allot.protocol.proto.FrameworkInfo.Capability capability) {
        switch (capability) {
            case PARTITION_AWARE:
                return "PARTITION_AWARE";
            case TASK_KILLING_STATE:
                return "TASK_KILLING_STATE";
            case REVOCABLE_RESOURCES:
                return "REVOCABLE_RESOURCES";
            case MULTI_ROLE:
                return "MULTI_ROLE";
            case CAPABILITY_UNSPECIFIED:
            case UNRECOGNIZED:
            default:
                throw new IllegalArgumentException("FrameworkInfo.capabilities has " + number
                        + ", which is not a known capability");
        }
    }

    /**
     * The framework as its scheduler describes it; {@code framework_id} may be empty (first
     * subscription). Read its constraints with {@code fromProto(proto.getOfferConstraints())}.
     */
    public static FrameworkInfo fromProto(org.allot.protocol.proto.FrameworkInfo f) {
        String name = text("FrameworkInfo.name", f.getName());
        String user = text("FrameworkInfo.user", f.getUser());
        FrameworkInfo.Builder b = FrameworkInfo.builder(name, user);
        b.role(f.getRole().isEmpty() ? Resource.UNRESERVED : f.getRole());
        if (!f.getPrincipal().isEmpty()) {
            b.principal(f.getPrincipal());
        }
        if (!f.getHostname().isEmpty()) {
            b.hostname(f.getHostname());
        }
        long failover = f.getFailoverTimeoutMillis();
        if (failover < 0) {
            throw new IllegalArgumentException("FrameworkInfo.failover_timeout_millis is " + failover
                    + ": it must not be negative");
        }
        b.failoverTimeout(Duration.ofMillis(failover));
        List<Integer> numbers = f.getCapabilitiesValueList();
        for (int i = 0; i < numbers.size(); i++) {
            b.capability(capability(numbers.get(i), f.getCapabilities(i)));
        }
        optionalId("FrameworkInfo.framework_id", f.getFrameworkId(), FrameworkId::of).ifPresent(b::id);
        return api("FrameworkInfo", b::build);
    }

    // ----- offer constraints -----

    /**
     * The constraints.
     *
     * @throws IllegalArgumentException if the allow list is present but empty ("no agent at all"):
     *                                  on the wire an empty list means "no constraint", the opposite
     */
    public static org.allot.protocol.proto.OfferConstraints toProto(OfferConstraints constraints) {
        org.allot.protocol.proto.OfferConstraints.Builder b = org.allot.protocol.proto.OfferConstraints.newBuilder();
        constraints.allowedAgents().ifPresent(agents -> {
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("OfferConstraints.allowed_agent_ids is an empty allow list,"
                        + " which the protocol reads as no constraint; to receive no offers, suppress them");
            }
            b.addAllAllowedAgentIds(agents);
        });
        return b.addAllMinimumFreeResources(toProto(constraints.minimumFree())).build();
    }

    /** The constraints a framework sent; an empty allow list means no constraint. */
    public static OfferConstraints fromProto(org.allot.protocol.proto.OfferConstraints c) {
        List<String> agents = c.getAllowedAgentIdsList();
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).isEmpty()) {
                throw new IllegalArgumentException("OfferConstraints.allowed_agent_ids[" + i + "] is empty");
            }
        }
        Resources minimum = resources("OfferConstraints.minimum_free_resources", c.getMinimumFreeResourcesList());
        Optional<List<String>> allowed = agents.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(agents));
        return api("OfferConstraints.allowed_agent_ids", () -> new OfferConstraints(allowed, minimum));
    }

    // ----- offers -----

    public static org.allot.protocol.proto.Offer toProto(Offer offer) {
        return toProto(offer, List.of());
    }

    /** The offer, listing the framework's executors already running on the agent. */
    public static org.allot.protocol.proto.Offer toProto(Offer offer, Collection<ExecutorId> executorIds) {
        org.allot.protocol.proto.Offer.Builder b = org.allot.protocol.proto.Offer.newBuilder()
                .setOfferId(offer.id().value())
                .setFrameworkId(offer.frameworkId().value())
                .setAgentId(offer.agentId().value())
                .setHostname(offer.hostname())
                .addAllResources(toProto(offer.resources()))
                .addAllAttributes(toProto(offer.attributes()));
        executorIds.forEach(e -> b.addExecutorIds(e.value()));
        return b.build();
    }

    /** The offer; {@code executor_ids} has no API counterpart and is not read. */
    public static Offer fromProto(org.allot.protocol.proto.Offer o) {
        OfferId id = requiredId("Offer.offer_id", o.getOfferId(), OfferId::of);
        FrameworkId frameworkId = requiredId("Offer.framework_id", o.getFrameworkId(), FrameworkId::of);
        AgentId agentId = requiredId("Offer.agent_id", o.getAgentId(), AgentId::of);
        String hostname = text("Offer.hostname", o.getHostname());
        Resources resources = resources("Offer.resources", o.getResourcesList());
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("Offer.resources is empty for offer " + id + ": an offer must offer something");
        }
        Attributes attributes = attributes("Offer.attributes", o.getAttributesList());
        return api("Offer", () -> new Offer(id, frameworkId, agentId, hostname, resources, attributes));
    }

    // ----- commands, executors, tasks -----

    /** {@code value} is the command line (shell) or the program; {@code arguments} the rest of argv. */
    public static org.allot.protocol.proto.CommandInfo toProto(CommandInfo command) {
        List<String> argv = command.argv();
        return org.allot.protocol.proto.CommandInfo.newBuilder()
                .setValue(argv.get(0))
                .addAllArguments(argv.subList(1, argv.size()))
                .setShell(command.shell())
                .putAllEnvironment(command.environment())
                .build();
    }

    public static CommandInfo fromProto(org.allot.protocol.proto.CommandInfo c) {
        return command("CommandInfo", c);
    }

    private static CommandInfo command(String path, org.allot.protocol.proto.CommandInfo c) {
        if (c.getValue().isBlank()) {
            throw new IllegalArgumentException(path + ".value is empty: give a command line or a program to run");
        }
        if (c.getShell() && c.getArgumentsCount() > 0) {
            throw new IllegalArgumentException(path + ".arguments has " + c.getArgumentsCount()
                    + " entries for a shell command; a shell command is the one command line in value");
        }
        if (!c.getUser().isEmpty()) {
            throw new IllegalArgumentException(path + ".user '" + Names.printable(c.getUser())
                    + "' is not supported: commands run as the framework's user");
        }
        List<String> argv = new ArrayList<>();
        argv.add(c.getValue());
        argv.addAll(c.getArgumentsList());
        return api(path, () -> new CommandInfo(c.getShell(), argv, c.getEnvironmentMap()));
    }

    /** The executor with an empty {@code framework_id}, for messages that name the framework themselves. */
    public static org.allot.protocol.proto.ExecutorInfo toProto(ExecutorInfo executor) {
        return executorBuilder(executor).build();
    }

    /** The executor with {@code framework_id} set, which the API's {@link ExecutorInfo} does not carry. */
    public static org.allot.protocol.proto.ExecutorInfo toProto(ExecutorInfo executor, FrameworkId frameworkId) {
        return executorBuilder(executor).setFrameworkId(frameworkId.value()).build();
    }

    private static org.allot.protocol.proto.ExecutorInfo.Builder executorBuilder(ExecutorInfo e) {
        return org.allot.protocol.proto.ExecutorInfo.newBuilder()
                .setExecutorId(e.id().value())
                .setName(e.name())
                .setCommand(toProto(e.command()))
                .addAllResources(toProto(e.resources()));
    }

    /** The executor; {@code framework_id} has no API counterpart and is not read. */
    public static ExecutorInfo fromProto(org.allot.protocol.proto.ExecutorInfo e) {
        return executor("ExecutorInfo", e);
    }

    private static ExecutorInfo executor(String path, org.allot.protocol.proto.ExecutorInfo e) {
        ExecutorId id = requiredId(path + ".executor_id", e.getExecutorId(), ExecutorId::of);
        String name = text(path + ".name", e.getName());
        if (!e.hasCommand()) {
            throw new IllegalArgumentException(path + ".command is not set for executor " + id);
        }
        CommandInfo command = command(path + ".command", e.getCommand());
        Resources resources = resources(path + ".resources", e.getResourcesList());
        return api(path, () -> new ExecutorInfo(id, name, command, resources));
    }

    /** The task; a custom executor goes with an empty {@code framework_id} (see {@link #toProto(ExecutorInfo)}). */
    public static org.allot.protocol.proto.TaskInfo toProto(TaskInfo task) {
        return taskBuilder(task, null).build();
    }

    /** The task, with {@code frameworkId} set in its custom executor if it has one. */
    public static org.allot.protocol.proto.TaskInfo toProto(TaskInfo task, FrameworkId frameworkId) {
        return taskBuilder(task, frameworkId).build();
    }

    private static org.allot.protocol.proto.TaskInfo.Builder taskBuilder(TaskInfo t, FrameworkId frameworkId) {
        org.allot.protocol.proto.TaskInfo.Builder b = org.allot.protocol.proto.TaskInfo.newBuilder()
                .setTaskId(t.id().value())
                .setName(t.name())
                .setAgentId(t.agentId().value())
                .addAllResources(toProto(t.resources()))
                .setData(ByteString.copyFrom(t.data()));
        t.command().ifPresent(c -> b.setCommand(toProto(c)));
        t.executor().ifPresent(e -> b.setExecutor(frameworkId == null ? toProto(e) : toProto(e, frameworkId)));
        return b;
    }

    /** The task; {@code labels} has no API counterpart and is not read. */
    public static TaskInfo fromProto(org.allot.protocol.proto.TaskInfo t) {
        TaskId id = requiredId("TaskInfo.task_id", t.getTaskId(), TaskId::of);
        String name = text("TaskInfo.name", t.getName());
        AgentId agentId = requiredId("TaskInfo.agent_id", t.getAgentId(), AgentId::of);
        Resources resources = resources("TaskInfo.resources", t.getResourcesList());
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("TaskInfo.resources is empty for task " + id
                    + ": give it at least some cpus or mem");
        }
        if (t.hasCommand() == t.hasExecutor()) {
            throw new IllegalArgumentException("TaskInfo.command and TaskInfo.executor are "
                    + (t.hasCommand() ? "both" : "neither") + " set for task " + id + "; set exactly one");
        }
        Optional<CommandInfo> command = t.hasCommand()
                ? Optional.of(command("TaskInfo.command", t.getCommand())) : Optional.empty();
        Optional<ExecutorInfo> executor = t.hasExecutor()
                ? Optional.of(executor("TaskInfo.executor", t.getExecutor())) : Optional.empty();
        byte[] data = t.getData().toByteArray();
        return api("TaskInfo", () -> new TaskInfo(id, name, agentId, resources, command, executor, data));
    }

    // ----- task states and status updates -----

    public static org.allot.protocol.proto.TaskState toProto(TaskState state) {
        switch (state) {
            case STAGING:
                return org.allot.protocol.proto.TaskState.TASK_STAGING;
            case STARTING:
                return org.allot.protocol.proto.TaskState.TASK_STARTING;
            case RUNNING:
                return org.allot.protocol.proto.TaskState.TASK_RUNNING;
            case KILLING:
                return org.allot.protocol.proto.TaskState.TASK_KILLING;
            case FINISHED:
                return org.allot.protocol.proto.TaskState.TASK_FINISHED;
            case FAILED:
                return org.allot.protocol.proto.TaskState.TASK_FAILED;
            case KILLED:
                return org.allot.protocol.proto.TaskState.TASK_KILLED;
            case ERROR:
                return org.allot.protocol.proto.TaskState.TASK_ERROR;
            case LOST:
                return org.allot.protocol.proto.TaskState.TASK_LOST;
            case DROPPED:
                return org.allot.protocol.proto.TaskState.TASK_DROPPED;
            case UNREACHABLE:
                return org.allot.protocol.proto.TaskState.TASK_UNREACHABLE;
            case GONE:
                return org.allot.protocol.proto.TaskState.TASK_GONE;
            case UNKNOWN:
                return org.allot.protocol.proto.TaskState.TASK_UNKNOWN;
            default:
                throw new IllegalArgumentException("TaskState " + state + " has no wire form");
        }
    }

    /**
     * @throws IllegalArgumentException for {@code TASK_STATE_UNSPECIFIED} or an unrecognized value
     */
    public static TaskState fromProto(org.allot.protocol.proto.TaskState state) {
        return taskState("TaskState", state, state == org.allot.protocol.proto.TaskState.UNRECOGNIZED
                ? "UNRECOGNIZED" : Integer.toString(state.getNumber()));
    }

    private static TaskState taskState(String path, org.allot.protocol.proto.TaskState state, String shown) {
        switch (state) {
            case TASK_STAGING:
                return TaskState.STAGING;
            case TASK_STARTING:
                return TaskState.STARTING;
            case TASK_RUNNING:
                return TaskState.RUNNING;
            case TASK_KILLING:
                return TaskState.KILLING;
            case TASK_FINISHED:
                return TaskState.FINISHED;
            case TASK_FAILED:
                return TaskState.FAILED;
            case TASK_KILLED:
                return TaskState.KILLED;
            case TASK_ERROR:
                return TaskState.ERROR;
            case TASK_LOST:
                return TaskState.LOST;
            case TASK_DROPPED:
                return TaskState.DROPPED;
            case TASK_UNREACHABLE:
                return TaskState.UNREACHABLE;
            case TASK_GONE:
                return TaskState.GONE;
            case TASK_UNKNOWN:
                return TaskState.UNKNOWN;
            case TASK_STATE_UNSPECIFIED:
            case UNRECOGNIZED:
            default:
                throw new IllegalArgumentException(path + " " + shown + " is not a task state");
        }
    }

    public static org.allot.protocol.proto.TaskStatus toProto(TaskStatus status) {
        org.allot.protocol.proto.TaskStatus.Builder b = org.allot.protocol.proto.TaskStatus.newBuilder()
                .setTaskId(status.taskId().value())
                .setState(toProto(status.state()))
                .setSource(source(status.source()))
                .setMessage(status.message())
                .setTimestampMillis(status.timestamp().toEpochMilli())
                .setAgentId(status.agentId().map(AgentId::value).orElse(""))
                .setExecutorId(status.executorId().map(ExecutorId::value).orElse(""))
                .setData(ByteString.copyFrom(status.data()));
        status.reason().ifPresent(r -> b.setReason(reason(r)));
        status.uuid().ifPresent(u -> b.setUuid(ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array())));
        return b.build();
    }

    /**
     * A status update; an empty {@code uuid} means none (a master-made update), otherwise it must be
     * 16 bytes. {@code reason} {@code REASON_UNSPECIFIED} means no reason.
     */
    public static TaskStatus fromProto(org.allot.protocol.proto.TaskStatus s) {
        TaskId taskId = requiredId("TaskStatus.task_id", s.getTaskId(), TaskId::of);
        TaskState state = taskState("TaskStatus.state", s.getState(), Integer.toString(s.getStateValue()));
        TaskStatus.Source source = source(s.getSourceValue(), s.getSource());
        TaskStatus.Builder b = TaskStatus.builder(taskId, state, source, Instant.ofEpochMilli(s.getTimestampMillis()));
        if (s.getReason() != org.allot.protocol.proto.TaskStatus.Reason.REASON_UNSPECIFIED) {
            b.reason(reason(s.getReasonValue(), s.getReason()));
        }
        b.message(s.getMessage());
        optionalId("TaskStatus.agent_id", s.getAgentId(), AgentId::of).ifPresent(b::agentId);
        optionalId("TaskStatus.executor_id", s.getExecutorId(), ExecutorId::of).ifPresent(b::executorId);
        ByteString uuid = s.getUuid();
        if (!uuid.isEmpty()) {
            if (uuid.size() != 16) {
                throw new IllegalArgumentException("TaskStatus.uuid has " + uuid.size()
                        + " bytes for task " + taskId + ": a uuid is 16 bytes, or empty for none");
            }
            ByteBuffer buf = uuid.asReadOnlyByteBuffer();
            b.uuid(new UUID(buf.getLong(), buf.getLong()));
        }
        b.data(s.getData().toByteArray());
        return api("TaskStatus", b::build);
    }

    private static org.allot.protocol.proto.TaskStatus.Source source(TaskStatus.Source source) {
        switch (source) {
            case MASTER:
                return org.allot.protocol.proto.TaskStatus.Source.SOURCE_MASTER;
            case AGENT:
                return org.allot.protocol.proto.TaskStatus.Source.SOURCE_AGENT;
            case EXECUTOR:
                return org.allot.protocol.proto.TaskStatus.Source.SOURCE_EXECUTOR;
            default:
                throw new IllegalArgumentException("TaskStatus.source " + source + " has no wire form");
        }
    }

    private static TaskStatus.Source source(int number, org.allot.protocol.proto.TaskStatus.Source source) {
        switch (source) {
            case SOURCE_MASTER:
                return TaskStatus.Source.MASTER;
            case SOURCE_AGENT:
                return TaskStatus.Source.AGENT;
            case SOURCE_EXECUTOR:
                return TaskStatus.Source.EXECUTOR;
            case SOURCE_UNSPECIFIED:
            case UNRECOGNIZED:
            default:
                throw new IllegalArgumentException("TaskStatus.source " + number
                        + " is not a source; use SOURCE_MASTER, SOURCE_AGENT or SOURCE_EXECUTOR");
        }
    }

    private static org.allot.protocol.proto.TaskStatus.Reason reason(TaskStatus.Reason reason) {
        switch (reason) {
            case COMMAND_EXECUTOR_FAILED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED;
            case CONTAINER_LAUNCH_FAILED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
            case CONTAINER_LIMITATION:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_LIMITATION;
            case CONTAINER_LIMITATION_MEMORY:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY;
            case CONTAINER_LIMITATION_DISK:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK;
            case CONTAINER_PREEMPTED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_PREEMPTED;
            case CONTAINER_UPDATE_FAILED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_CONTAINER_UPDATE_FAILED;
            case EXECUTOR_REGISTRATION_TIMEOUT:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT;
            case EXECUTOR_REREGISTRATION_TIMEOUT:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT;
            case EXECUTOR_TERMINATED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
            case EXECUTOR_UNREGISTERED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_EXECUTOR_UNREGISTERED;
            case FRAMEWORK_REMOVED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_FRAMEWORK_REMOVED;
            case INVALID_OFFERS:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_INVALID_OFFERS;
            case OFFER_RESCINDED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_OFFER_RESCINDED;
            case TASK_INVALID:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_INVALID;
            case TASK_UNAUTHORIZED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_UNAUTHORIZED;
            case RESOURCES_UNKNOWN:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_RESOURCES_UNKNOWN;
            case RESOURCES_INSUFFICIENT:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_RESOURCES_INSUFFICIENT;
            case AGENT_REMOVED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_AGENT_REMOVED;
            case AGENT_DISCONNECTED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_AGENT_DISCONNECTED;
            case AGENT_UNKNOWN:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_AGENT_UNKNOWN;
            case AGENT_RESTARTED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_AGENT_RESTARTED;
            case KILLED_BY_USER:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_KILLED_BY_USER;
            case TASK_KILLED_DURING_LAUNCH:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH;
            case TASK_UNKNOWN:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_UNKNOWN;
            case RECONCILIATION:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_RECONCILIATION;
            case MASTER_DISCONNECTED:
                return org.allot.protocol.proto.TaskStatus.Reason.REASON_MASTER_DISCONNECTED;
            default:
                throw new IllegalArgumentException("TaskStatus.reason " + reason + " has no wire form");
        }
    }

    private static TaskStatus.Reason reason(int number, org.allot.protocol.proto.TaskStatus.Reason reason) {
        switch (reason) {
            case REASON_COMMAND_EXECUTOR_FAILED:
                return TaskStatus.Reason.COMMAND_EXECUTOR_FAILED;
            case REASON_CONTAINER_LAUNCH_FAILED:
                return TaskStatus.Reason.CONTAINER_LAUNCH_FAILED;
            case REASON_CONTAINER_LIMITATION:
                return TaskStatus.Reason.CONTAINER_LIMITATION;
            case REASON_CONTAINER_LIMITATION_MEMORY:
                return TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY;
            case REASON_CONTAINER_LIMITATION_DISK:
                return TaskStatus.Reason.CONTAINER_LIMITATION_DISK;
            case REASON_CONTAINER_PREEMPTED:
                return TaskStatus.Reason.CONTAINER_PREEMPTED;
            case REASON_CONTAINER_UPDATE_FAILED:
                return TaskStatus.Reason.CONTAINER_UPDATE_FAILED;
            case REASON_EXECUTOR_REGISTRATION_TIMEOUT:
                return TaskStatus.Reason.EXECUTOR_REGISTRATION_TIMEOUT;
            case REASON_EXECUTOR_REREGISTRATION_TIMEOUT:
                return TaskStatus.Reason.EXECUTOR_REREGISTRATION_TIMEOUT;
            case REASON_EXECUTOR_TERMINATED:
                return TaskStatus.Reason.EXECUTOR_TERMINATED;
            case REASON_EXECUTOR_UNREGISTERED:
                return TaskStatus.Reason.EXECUTOR_UNREGISTERED;
            case REASON_FRAMEWORK_REMOVED:
                return TaskStatus.Reason.FRAMEWORK_REMOVED;
            case REASON_INVALID_OFFERS:
                return TaskStatus.Reason.INVALID_OFFERS;
            case REASON_OFFER_RESCINDED:
                return TaskStatus.Reason.OFFER_RESCINDED;
            case REASON_TASK_INVALID:
                return TaskStatus.Reason.TASK_INVALID;
            case REASON_TASK_UNAUTHORIZED:
                return TaskStatus.Reason.TASK_UNAUTHORIZED;
            case REASON_RESOURCES_UNKNOWN:
                return TaskStatus.Reason.RESOURCES_UNKNOWN;
            case REASON_RESOURCES_INSUFFICIENT:
                return TaskStatus.Reason.RESOURCES_INSUFFICIENT;
            case REASON_AGENT_REMOVED:
                return TaskStatus.Reason.AGENT_REMOVED;
            case REASON_AGENT_DISCONNECTED:
                return TaskStatus.Reason.AGENT_DISCONNECTED;
            case REASON_AGENT_UNKNOWN:
                return TaskStatus.Reason.AGENT_UNKNOWN;
            case REASON_AGENT_RESTARTED:
                return TaskStatus.Reason.AGENT_RESTARTED;
            case REASON_KILLED_BY_USER:
                return TaskStatus.Reason.KILLED_BY_USER;
            case REASON_TASK_KILLED_DURING_LAUNCH:
                return TaskStatus.Reason.TASK_KILLED_DURING_LAUNCH;
            case REASON_TASK_UNKNOWN:
                return TaskStatus.Reason.TASK_UNKNOWN;
            case REASON_RECONCILIATION:
                return TaskStatus.Reason.RECONCILIATION;
            case REASON_MASTER_DISCONNECTED:
                return TaskStatus.Reason.MASTER_DISCONNECTED;
            case REASON_UNSPECIFIED:
            case UNRECOGNIZED:
            default:
                throw new IllegalArgumentException("TaskStatus.reason " + number + " is not a known reason");
        }
    }

    // ----- validation helpers -----

    private static <T> T requiredId(String path, String value, Function<String, T> ctor) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(path + " is empty");
        }
        try {
            return ctor.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " '" + Names.printable(value) + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static <T> Optional<T> optionalId(String path, String value, Function<String, T> ctor) {
        return value.isEmpty() ? Optional.empty() : Optional.of(requiredId(path, value, ctor));
    }

    private static String text(String path, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(path + " is empty");
        }
        return value;
    }

    /** Builds an API value, prefixing the API's own validation message with the field path. */
    private static <T> T api(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " is invalid: " + e.getMessage(), e);
        }
    }
}
