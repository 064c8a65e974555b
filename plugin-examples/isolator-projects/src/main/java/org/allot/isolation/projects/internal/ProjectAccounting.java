package org.allot.isolation.projects.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.spi.isolation.ContainerId;

/**
 * Accounting over all the processes of a project: which processes belong to which container, their
 * sums per container and per project, and which container to end when a project passes an enforced
 * limit. Pure functions of a {@link ProcessTable} snapshot, so tested against a fake {@code /proc}.
 *
 * <h2>Which processes belong to a container</h2>
 * The container's first process leads a session of its own (every Allot launcher makes it so):
 * every process of that session, every descendant of those (found through parent pids, whatever
 * session it made), and every process seen as a member before that still runs with the same start
 * time (a double-forked daemon whose parent died). Zombies count for nothing.
 */
public final class ProjectAccounting {

    /** A container in a project: its first pid and the processes seen in it (pid to start time). */
    public static final class Member {
        final ContainerId container;
        final Project project;
        final long root;
        final Map<Long, Long> known = new HashMap<>();

        public Member(ContainerId container, Project project, long root) {
            this.container = container;
            this.project = project;
            this.root = root;
        }
    }

    /** Usage of one container. */
    public record Usage(long processes, long rssBytes) {
    }

    /** A project over an enforced limit, and the container chosen to end: its largest user of it. */
    public record Violation(Project project, ResourceControl control, long projectUsage, ContainerId container,
                            long containerUsage) {

        public String message() {
            boolean memory = control.attribute().equals(ResourceControl.MAX_MEMORY);
            String total = memory ? ResourceControl.describeBytes(projectUsage) : projectUsage + " processes";
            String own = memory ? ResourceControl.describeBytes(containerUsage) : containerUsage + " of them";
            return project + " passed " + control.attribute() + "=" + control.describeValue() + " (" + control
                    + "): its containers use " + total + "; ending container " + container + ", its largest user with "
                    + own;
        }
    }

    private ProjectAccounting() {
    }

    /** The usage of each member's container in {@code table}; remembers the members' pids. */
    public static Map<ContainerId, Usage> measure(Collection<Member> members, Map<Long, ProcessTable.Proc> table) {
        Map<Long, List<ProcessTable.Proc>> children = new HashMap<>();
        table.values().forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p));
        Map<ContainerId, Usage> usage = new LinkedHashMap<>();
        for (Member m : members) {
            Map<Long, ProcessTable.Proc> mine = new LinkedHashMap<>();
            for (ProcessTable.Proc p : table.values()) {
                Long seen = m.known.get(p.pid());
                if (p.session() == m.root || p.pid() == m.root || (seen != null && seen == p.startTime())) {
                    mine.put(p.pid(), p);
                }
            }
            List<Long> work = new ArrayList<>(mine.keySet());
            for (int i = 0; i < work.size() && i < 1_000_000; i++) {
                for (ProcessTable.Proc c : children.getOrDefault(work.get(i), List.of())) {
                    if (mine.putIfAbsent(c.pid(), c) == null) {
                        work.add(c.pid());
                    }
                }
            }
            m.known.keySet().retainAll(table.keySet());
            mine.values().forEach(p -> m.known.put(p.pid(), p.startTime()));
            long rss = mine.values().stream().mapToLong(ProcessTable.Proc::rssBytes).sum();
            usage.put(m.container, new Usage(mine.size(), rss));
        }
        return usage;
    }

    /**
     * The first enforced limit {@code project} passes with its containers' {@code usage}
     * (max-processes, then max-memory), if any.
     */
    public static Optional<Violation> check(Project project, Map<ContainerId, Usage> usage) {
        for (String attribute : List.of(ResourceControl.MAX_PROCESSES, ResourceControl.MAX_MEMORY)) {
            Optional<ResourceControl> c = project.control(attribute).filter(ResourceControl::enforced);
            if (c.isEmpty() || usage.isEmpty()) {
                continue;
            }
            boolean memory = attribute.equals(ResourceControl.MAX_MEMORY);
            long total = 0;
            ContainerId largest = null;
            long largestUse = -1;
            for (Map.Entry<ContainerId, Usage> e : usage.entrySet()) {
                long use = memory ? e.getValue().rssBytes() : e.getValue().processes();
                total += use;
                if (use > largestUse) {
                    largest = e.getKey();
                    largestUse = use;
                }
            }
            if (total > c.get().value()) {
                return Optional.of(new Violation(project, c.get(), total, largest, largestUse));
            }
        }
        return Optional.empty();
    }
}
