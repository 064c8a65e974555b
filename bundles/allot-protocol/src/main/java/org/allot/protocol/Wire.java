package org.allot.protocol;

import static org.allot.protocol.WireReading.api;
import static org.allot.protocol.WireReading.optionalId;
import static org.allot.protocol.WireReading.requiredId;
import static org.allot.protocol.WireReading.resource;
import static org.allot.protocol.WireReading.text;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.allot.api.AgentId;
import org.allot.api.agent.AgentHealth;
import org.allot.api.AgentInfo;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.InverseOffer;
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
 * silently change a state (the tables are in {@code WireEnums}). Fields one side has and the other lacks:
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
        return WireReading.resources("Resource", resources);
    }

    /** One resource entry a peer sent; see {@link #resources(List)}. */
    public static Resource fromProto(org.allot.protocol.proto.Resource resource) {
        return resource("Resource", resource);
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
        return WireReading.attributes("Attribute", attributes);
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
        Resources resources = WireReading.resources("AgentInfo.resources", agent.getResourcesList());
        Attributes attributes = WireReading.attributes("AgentInfo.attributes", agent.getAttributesList());
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
        org.allot.protocol.proto.FrameworkInfo.Capability c = WireEnums.CAPABILITIES.get(capability);
        if (c == null) {
            List<String> known = List.copyOf(WireEnums.CAPABILITIES.keySet());
            throw new IllegalArgumentException("FrameworkInfo.capabilities has '" + Names.printable(capability)
                    + "', which the protocol does not know; use "
                    + String.join(", ", known.subList(0, known.size() - 1)) + " or " + known.get(known.size() - 1));
        }
        return c;
    }

    private static String capability(int number, org.allot.protocol.proto.FrameworkInfo.Capability capability) {
        String name = WireEnums.CAPABILITY_NAMES.get(capability);
        if (name == null) {
            throw new IllegalArgumentException("FrameworkInfo.capabilities has " + number
                    + ", which is not a known capability");
        }
        return name;
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
        Resources minimum = WireReading.resources("OfferConstraints.minimum_free_resources", c.getMinimumFreeResourcesList());
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
        Resources resources = WireReading.resources("Offer.resources", o.getResourcesList());
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("Offer.resources is empty for offer " + id + ": an offer must offer something");
        }
        Attributes attributes = WireReading.attributes("Offer.attributes", o.getAttributesList());
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
        Resources resources = WireReading.resources(path + ".resources", e.getResourcesList());
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
        Resources resources = WireReading.resources("TaskInfo.resources", t.getResourcesList());
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
        org.allot.protocol.proto.TaskState p = WireEnums.TASK_STATES.toProto().get(state);
        if (p == null) {
            throw new IllegalArgumentException("TaskState " + state + " has no wire form");
        }
        return p;
    }

    /**
     * @throws IllegalArgumentException for {@code TASK_STATE_UNSPECIFIED} or an unrecognized value
     */
    public static TaskState fromProto(org.allot.protocol.proto.TaskState state) {
        return taskState("TaskState", state, state == org.allot.protocol.proto.TaskState.UNRECOGNIZED
                ? "UNRECOGNIZED" : Integer.toString(state.getNumber()));
    }

    private static TaskState taskState(String path, org.allot.protocol.proto.TaskState state, String shown) {
        TaskState s = WireEnums.TASK_STATES.fromProto().get(state);
        if (s == null) {
            throw new IllegalArgumentException(path + " " + shown + " is not a task state");
        }
        return s;
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
        org.allot.protocol.proto.TaskStatus.Source p = WireEnums.SOURCES.toProto().get(source);
        if (p == null) {
            throw new IllegalArgumentException("TaskStatus.source " + source + " has no wire form");
        }
        return p;
    }

    private static TaskStatus.Source source(int number, org.allot.protocol.proto.TaskStatus.Source source) {
        TaskStatus.Source s = WireEnums.SOURCES.fromProto().get(source);
        if (s == null) {
            throw new IllegalArgumentException("TaskStatus.source " + number
                    + " is not a source; use SOURCE_MASTER, SOURCE_AGENT or SOURCE_EXECUTOR");
        }
        return s;
    }

    private static org.allot.protocol.proto.TaskStatus.Reason reason(TaskStatus.Reason reason) {
        org.allot.protocol.proto.TaskStatus.Reason p = WireEnums.REASONS.toProto().get(reason);
        if (p == null) {
            throw new IllegalArgumentException("TaskStatus.reason " + reason + " has no wire form");
        }
        return p;
    }

    private static TaskStatus.Reason reason(int number, org.allot.protocol.proto.TaskStatus.Reason reason) {
        TaskStatus.Reason r = WireEnums.REASONS.fromProto().get(reason);
        if (r == null) {
            throw new IllegalArgumentException("TaskStatus.reason " + number + " is not a known reason");
        }
        return r;
    }

    // ----- alloc-ops: revocation -----

    /** A task status reason as it travels (in a KillTask, for the task's terminal update). */
    public static org.allot.protocol.proto.TaskStatus.Reason toProto(TaskStatus.Reason reason) {
        return reason(reason);
    }

    /** The reason a KillTask names; {@code REASON_UNSPECIFIED} (an older master) is {@code KILLED_BY_USER}. */
    public static TaskStatus.Reason killReason(org.allot.protocol.proto.KillTask k) {
        return k.getReason() == org.allot.protocol.proto.TaskStatus.Reason.REASON_UNSPECIFIED
                ? TaskStatus.Reason.KILLED_BY_USER : reason(k.getReasonValue(), k.getReason());
    }

    public static org.allot.protocol.proto.InverseOffer toProto(InverseOffer o) {
        return org.allot.protocol.proto.InverseOffer.newBuilder().setInverseOfferId(o.id().value())
                .setFrameworkId(o.frameworkId().value()).setAgentId(o.agentId().value())
                .setTaskId(o.taskId().value()).addAllResources(toProto(o.resources()))
                .setDeadlineMillis(o.deadline().toEpochMilli()).setReason(o.reason()).build();
    }

    public static InverseOffer fromProto(org.allot.protocol.proto.InverseOffer o) {
        OfferId id = requiredId("InverseOffer.inverse_offer_id", o.getInverseOfferId(), OfferId::of);
        FrameworkId frameworkId = requiredId("InverseOffer.framework_id", o.getFrameworkId(), FrameworkId::of);
        AgentId agentId = requiredId("InverseOffer.agent_id", o.getAgentId(), AgentId::of);
        TaskId taskId = requiredId("InverseOffer.task_id", o.getTaskId(), TaskId::of);
        Resources resources = WireReading.resources("InverseOffer.resources", o.getResourcesList());
        String reason = text("InverseOffer.reason", o.getReason());
        return api("InverseOffer", () -> new InverseOffer(id, frameworkId, agentId, taskId, resources,
                Instant.ofEpochMilli(o.getDeadlineMillis()), reason));
    }

    // ----- iso-agent: agent health

    public static org.allot.protocol.proto.AgentHealth toProto(AgentId agentId, AgentHealth health) {
        org.allot.protocol.proto.AgentHealth.State state = WireEnums.HEALTH_STATES.toProto().get(health.state());
        if (state == null) {
            throw new IllegalArgumentException("AgentHealth.state " + health.state() + " has no wire form");
        }
        return org.allot.protocol.proto.AgentHealth.newBuilder().setAgentId(agentId.value()).setState(state)
                .setReason(health.reason()).build();
    }

    /**
     * @throws IllegalArgumentException for {@code STATE_UNSPECIFIED} or an unrecognized state, naming it
     */
    public static AgentHealth fromProto(org.allot.protocol.proto.AgentHealth p) {
        AgentHealth.State state = WireEnums.HEALTH_STATES.fromProto().get(p.getState());
        if (state == null) {
            throw new IllegalArgumentException("AgentHealth.state " + p.getStateValue()
                    + " is not a state; use STATE_ACTIVE, STATE_DEGRADED, STATE_DRAINING or STATE_DRAINED");
        }
        return new AgentHealth(state, p.getReason());
    }
}
