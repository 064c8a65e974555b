package org.allot.master.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Names;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;

/**
 * Launch validation as a pure function: the offers an {@code Accept} names and the tasks it
 * launches go in; the tasks to stage, the tasks refused (each with its state, reason and a message
 * a person can act on), the offers used up and what is left of them come out. It reads nothing but
 * its {@link Request} and changes nothing, so it is tested table-driven without a master.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>The offers: each named once, outstanding, made to this framework, all on one agent. If not,
 * every task is refused ({@code TASK_LOST}, or {@code TASK_DROPPED} for a partition-aware
 * framework) and the framework's own valid offers are used up.</li>
 * <li>Each task: a usable id (no {@code /}, no {@code ..}, no control characters, at most 255
 * bytes: the agent makes a sandbox directory of it), unique in the Accept and among the
 * framework's live tasks, on the offers' agent, asking for some resources with {@code cpus}
 * above zero, and fitting in what the tasks before it left. A task whose executor is not yet
 * running on the agent also pays for the executor, once.</li>
 * </ol>
 *
 * <p>Threading: none; a pure function.
 */
final class LaunchValidator {

    /** Longest task or executor id in UTF-8 bytes: it names a directory on the agent. */
    static final int MAX_ID_BYTES = 255;

    private LaunchValidator() {
    }

    /** An outstanding offer as the validator sees it. */
    record OfferRef(OfferId id, FrameworkId frameworkId, AgentId agentId, Resources resources) {
    }

    /** Why an offer named in an Accept is not outstanding, and whether it was rescinded. */
    record Gone(String message, boolean rescinded) {
    }

    /**
     * What the validator reads.
     *
     * @param frameworkId    the framework that sent the Accept
     * @param partitionAware whether it has the PARTITION_AWARE capability (TASK_DROPPED instead of TASK_LOST)
     * @param offerIds       the offers named, in order
     * @param launches       the tasks, in order
     * @param outstanding    outstanding offers by id (any framework's)
     * @param gone           why an offer that is not outstanding is gone
     * @param liveTask       whether the framework has a live task with that id
     * @param runningExecutor whether an executor with that id already runs for the framework on that agent
     */
    record Request(FrameworkId frameworkId, boolean partitionAware, List<OfferId> offerIds, List<Inbound.Launch> launches,
                   Function<OfferId, Optional<OfferRef>> outstanding, Function<OfferId, Gone> gone,
                   Predicate<TaskId> liveTask, BiPredicate<AgentId, ExecutorId> runningExecutor) {
    }

    /** A task that passed: what it holds, and the executor it starts (charged to the executor, not the task). */
    record Staged(TaskInfo task, Resources taskResources, Optional<ExecutorInfo> newExecutor) {
    }

    /** A task that did not: the update the framework gets. */
    record Refused(TaskId taskId, TaskState state, TaskStatus.Reason reason, String message) {
    }

    /**
     * The outcome.
     *
     * @param agentId   the agent of the offers; empty when the offers were refused
     * @param used      the framework's own outstanding offers named (used up whatever happens)
     * @param offerNames the offers for messages, e.g. {@code offer o-1} or {@code offers o-1,o-2}
     * @param staged    tasks to launch, in order
     * @param refused   tasks refused, in order
     * @param remaining what the used offers hold beyond the staged tasks and executors
     */
    record Result(Optional<AgentId> agentId, List<OfferRef> used, String offerNames, List<Staged> staged,
                  List<Refused> refused, Resources remaining) {
    }

    static Result validate(Request in) {
        List<OfferRef> own = new ArrayList<>();
        String problem = null;
        TaskStatus.Reason problemReason = TaskStatus.Reason.INVALID_OFFERS;
        Set<OfferId> named = new HashSet<>();
        for (OfferId id : in.offerIds()) {
            Optional<OfferRef> o = in.outstanding().apply(id);
            if (!named.add(id)) {
                problem = first(problem, "offer " + id + " is named twice in the Accept");
            } else if (o.isEmpty()) {
                if (problem == null) {
                    Gone gone = in.gone().apply(id);
                    problem = gone.message();
                    problemReason = gone.rescinded() ? TaskStatus.Reason.OFFER_RESCINDED
                            : TaskStatus.Reason.INVALID_OFFERS;
                }
            } else if (!o.get().frameworkId().equals(in.frameworkId())) {
                problem = first(problem, "offer " + id + " was made to another framework, not to " + in.frameworkId());
            } else {
                own.add(o.get());
            }
        }
        if (in.offerIds().isEmpty()) {
            problem = "the Accept names no offers; launch tasks on the offers you were sent";
        }
        Set<AgentId> agents = own.stream().map(OfferRef::agentId).collect(Collectors.toCollection(TreeSet::new));
        String names = (own.size() == 1 ? "offer " : "offers ")
                + own.stream().map(o -> o.id().value()).collect(Collectors.joining(","));
        if (problem == null && agents.size() > 1) {
            problem = names + " are on different agents " + agents + "; launch on offers of one agent at a time";
        }
        if (problem != null) {
            TaskState state = in.partitionAware() ? TaskState.DROPPED : TaskState.LOST;
            List<Refused> refused = new ArrayList<>();
            for (Inbound.Launch l : in.launches()) {
                refused.add(new Refused(l.taskId(), state, problemReason,
                        "task " + l.taskId() + " was not launched: " + problem));
            }
            Resources back = Resources.sum(own.stream().map(OfferRef::resources).collect(Collectors.toList()));
            return new Result(Optional.empty(), own, names, List.of(), refused, back);
        }
        return validateTasks(in, own, agents.iterator().next(), names);
    }

    private static Result validateTasks(Request in, List<OfferRef> own, AgentId agent, String names) {
        Resources offered = Resources.sum(own.stream().map(OfferRef::resources).collect(Collectors.toList()));
        String has = own.size() == 1 ? " has " : " have ";
        Resources remaining = offered;
        Set<TaskId> seen = new HashSet<>();
        Set<ExecutorId> startedHere = new HashSet<>();
        List<Staged> staged = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (Inbound.Launch l : in.launches()) {
            TaskId tid = l.taskId();
            String problem = taskProblem(in, l, seen, agent, names);
            if (problem != null) {
                refused.add(new Refused(tid, TaskState.ERROR, TaskStatus.Reason.TASK_INVALID, problem));
                continue;
            }
            TaskInfo task = l.task().get();
            Optional<ExecutorInfo> newExecutor = task.executor()
                    .filter(e -> !in.runningExecutor().test(agent, e.id()) && !startedHere.contains(e.id()));
            Resources need = newExecutor.map(e -> task.resources().add(e.resources())).orElse(task.resources());
            if (task.resources().scalarMillis("cpus") <= 0) {
                refused.add(new Refused(tid, TaskState.ERROR, TaskStatus.Reason.TASK_INVALID, "task " + tid + " asks "
                        + task.resources() + " with no cpus; a task needs cpus above 0 (e.g. cpus:0.1)"));
            } else if (!offered.contains(need)) {
                refused.add(new Refused(tid, TaskState.ERROR, TaskStatus.Reason.RESOURCES_INSUFFICIENT,
                        "task " + tid + " asks " + need + " but " + names + has + offered));
            } else if (!remaining.contains(need)) {
                refused.add(new Refused(tid, TaskState.ERROR, TaskStatus.Reason.RESOURCES_INSUFFICIENT,
                        "task " + tid + " asks " + need + " but only " + remaining + " of " + names
                                + " is left after the tasks before it in this Accept"));
            } else {
                remaining = remaining.subtract(need);
                newExecutor.ifPresent(e -> startedHere.add(e.id()));
                staged.add(new Staged(task, task.resources(), newExecutor));
            }
        }
        return new Result(Optional.of(agent), own, names, staged, refused, remaining);
    }

    /** Why a task cannot be launched whatever the resources, or null. Adds its id to {@code seen}. */
    private static String taskProblem(Request in, Inbound.Launch l, Set<TaskId> seen, AgentId agent, String names) {
        TaskId tid = l.taskId();
        String idProblem = idProblem("task id", tid.value());
        if (idProblem != null) {
            return "task " + Names.printable(tid.value()) + " was not launched: " + idProblem;
        }
        if (l.task().isEmpty()) {
            return l.invalidReason();
        }
        if (!seen.add(tid)) {
            return "task id " + tid + " appears more than once in this Accept; task ids must be unique";
        }
        if (in.liveTask().test(tid)) {
            return "task id " + tid + " is already used by a task of framework " + in.frameworkId()
                    + " that is live or whose last update is not yet acknowledged; pick a new id, or wait until"
                    + " that task ends and its updates are acknowledged";
        }
        TaskInfo task = l.task().get();
        Optional<String> executorProblem = task.executor()
                .map(e -> idProblem("executor id", e.id().value()) == null ? null
                        : "task " + tid + " names executor " + Names.printable(e.id().value()) + ": "
                                + idProblem("executor id", e.id().value()));
        if (executorProblem.isPresent()) {
            return executorProblem.get();
        }
        if (!task.agentId().equals(agent)) {
            return "task " + tid + " names agent " + task.agentId() + " but " + names + " are on agent " + agent;
        }
        return null;
    }

    /**
     * Why an id cannot name a sandbox directory, or null: no {@code /} or {@code \}, not {@code .}
     * or {@code ..} (nor containing {@code ..}), no control characters, at most {@value #MAX_ID_BYTES}
     * bytes in UTF-8.
     */
    static String idProblem(String what, String id) {
        if (id.contains("..") || id.equals(".")) {
            return what + " contains '..' or is '.'; ids name the sandbox directory and may not leave it";
        }
        if (id.indexOf('/') >= 0 || id.indexOf('\\') >= 0) {
            return what + " contains a path separator; ids name the sandbox directory, so use letters, digits, '-', '_' or '.'";
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return what + " contains control characters";
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            return what + " is " + bytes + " bytes long; at most " + MAX_ID_BYTES + " bytes are allowed";
        }
        return null;
    }

    private static String first(String existing, String next) {
        return existing != null ? existing : next;
    }
}
