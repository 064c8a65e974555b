package org.allot.isolation.projects.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.allot.api.Durations;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code project} isolator: Solaris-style projects from a file shaped like {@code /etc/project}.
 * A container joins the project its task's {@code project} label names, else the project named
 * like its framework's role, else the project {@code default} if declared, else none (then this
 * isolator leaves it alone).
 *
 * <h2>Enforcement</h2>
 * <ul>
 * <li>rlimits on each process, through the exec decoration {@code prlimit --nproc=N --as=B --}
 * (util-linux): {@code project.max-processes} as RLIMIT_NPROC (per user, and not enforced for
 * root, so accounting is what holds it) and {@code project.max-memory} as RLIMIT_AS, which no single
 * process may pass; {@code project.cpu-shares} as a nice level ({@code nice -n K}), 10 shares being
 * nice 0 and each halving about three levels more.</li>
 * <li>accounting over all the project's processes every {@code check.interval}: the process count
 * and the sum of RSS from {@code /proc}; when a project passes an enforced ({@code deny}) limit,
 * {@link #watch} of its largest user completes with a limitation naming the project, the attribute,
 * the limit and the usage, and the agent ends that container.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Calls return at once; the accounting runs on one thread of its own. Shared state is concurrent.
 *
 * <h2>State</h2>
 * The project of each container is written to {@code state.dir/<container id>} so that
 * {@link #recover} puts recovered containers back into their projects.
 */
@Component(service = Isolator.class, property = Isolator.NAME_PROPERTY + "=" + ProjectIsolator.NAME,
        configurationPid = ProjectIsolator.PID)
@Designate(ocd = ProjectIsolator.Config.class)
public final class ProjectIsolator implements Isolator {

    public static final String NAME = "project";
    public static final String PID = "org.allot.isolation.projects";
    public static final String LABEL = "project";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectIsolator.class);

    @ObjectClassDefinition(name = "Allot projects isolator", description = "Solaris-style projects: resource"
            + " controls shared by all the containers of a project.")
    public @interface Config {
        @AttributeDefinition(name = "Projects file", description = "The projects, one per line"
                + " name:id:comment:users:groups:attributes, as in Solaris /etc/project. Re-read when it changes.")
        String file() default "etc/allot-projects";

        @AttributeDefinition(name = "State directory", description = "Where the project of each container is"
                + " recorded, for recovery after an agent restart.")
        String state_dir() default "data/allot-projects";

        @AttributeDefinition(name = "Check interval", description = "How often the projects' processes are"
                + " accounted, e.g. 500ms.")
        String check_interval() default "500ms";
    }

    /** A container this isolator knows. */
    private static final class Tracked {
        final ContainerId id;
        final Project project; // null: in no project
        volatile ProjectAccounting.Member member; // null until isolate or recover
        final CompletableFuture<ContainerLimitation> limitation = new CompletableFuture<>();

        Tracked(ContainerId id, Project project) {
            this.id = id;
            this.project = project;
        }
    }

    private final Path file;
    private final Path stateDir;
    private final Path proc;
    private final Map<ContainerId, Tracked> containers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService accounting;
    private volatile Map<String, Project> projects = Map.of();
    private volatile long loadedModified = Long.MIN_VALUE;
    private volatile Map<ContainerId, ProjectAccounting.Usage> lastUsage = Map.of();

    @Activate
    public ProjectIsolator(Config config) {
        this(Path.of(config.file()), Path.of(config.state_dir()), Path.of("/proc"),
                Durations.parse("check.interval", config.check_interval()));
    }

    public ProjectIsolator(Path file, Path stateDir, Path proc, Duration checkInterval) {
        this.file = file;
        this.stateDir = stateDir;
        this.proc = proc;
        this.accounting = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "project-accounting");
            t.setDaemon(true);
            return t;
        });
        long every = checkInterval.toMillis();
        accounting.scheduleWithFixedDelay(this::account, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Projects isolator reads {} every {} ms", file.toAbsolutePath(), every);
    }

    @Deactivate
    public void close() {
        accounting.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Void> recover(List<ContainerState> states, Set<ContainerId> orphans) {
        try {
            Map<String, Project> all = projects();
            for (ContainerState s : states) {
                Optional<String> name = readState(s.id());
                Project p = name.map(all::get).orElse(null);
                if (name.isPresent() && p == null) {
                    LOG.warn("Container {} was in project '{}', which {} no longer declares: it is no longer accounted",
                            s.id(), name.get(), file);
                }
                Tracked t = new Tracked(s.id(), p);
                if (p != null) {
                    t.member = new ProjectAccounting.Member(s.id(), p, s.pid());
                }
                containers.put(s.id(), t);
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<ContainerLaunch> prepare(ContainerId containerId, ContainerConfig config) {
        try {
            Project p = choose(config);
            containers.put(containerId, new Tracked(containerId, p));
            if (p == null) {
                return CompletableFuture.completedFuture(ContainerLaunch.none());
            }
            writeState(containerId, p.name());
            LOG.debug("Container {} joins {}", containerId, p);
            return CompletableFuture.completedFuture(new ContainerLaunch(decoration(p),
                    Map.of("ALLOT_PROJECT", p.name(), "ALLOT_PROJECT_ID", Long.toString(p.id()))));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> isolate(ContainerId containerId, long pid) {
        Tracked t = containers.get(containerId);
        if (t == null) {
            return unknown(containerId);
        }
        if (t.project != null) {
            t.member = new ProjectAccounting.Member(containerId, t.project, pid);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerId containerId) {
        Tracked t = containers.get(containerId);
        return t == null ? unknown(containerId) : t.limitation.copy();
    }

    @Override
    public CompletionStage<ResourceUsage> usage(ContainerId containerId) {
        Tracked t = containers.get(containerId);
        if (t == null) {
            return unknown(containerId);
        }
        ProjectAccounting.Usage u = lastUsage.get(containerId);
        if (u == null) {
            return CompletableFuture.completedFuture(ResourceUsage.none(Instant.now()));
        }
        return CompletableFuture.completedFuture(new ResourceUsage(Instant.now(), ResourceUsage.NOT_MEASURED,
                ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED, u.rssBytes(), ResourceUsage.NOT_MEASURED,
                u.processes()));
    }

    @Override
    public CompletionStage<Void> cleanup(ContainerId containerId) {
        if (containers.remove(containerId) != null) {
            try {
                Files.deleteIfExists(stateDir.resolve(containerId.value()));
            } catch (IOException e) {
                LOG.warn("Cannot delete the project record of container {}: {}", containerId, e.toString());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The project of a container, for the operator and tests. */
    public Optional<Project> projectOf(ContainerId id) {
        return Optional.ofNullable(containers.get(id)).map(t -> t.project);
    }

    /** One accounting pass; also called by tests instead of waiting for the timer. */
    void account() {
        try {
            List<ProjectAccounting.Member> members = new ArrayList<>();
            for (Tracked t : containers.values()) {
                if (t.member != null && !t.limitation.isDone()) {
                    members.add(t.member);
                }
            }
            if (members.isEmpty()) {
                lastUsage = Map.of();
                return;
            }
            Map<ContainerId, ProjectAccounting.Usage> usage =
                    ProjectAccounting.measure(members, ProcessTable.scan(proc));
            lastUsage = usage;
            Map<Project, Map<ContainerId, ProjectAccounting.Usage>> byProject = new HashMap<>();
            for (ProjectAccounting.Member m : members) {
                byProject.computeIfAbsent(m.project, k -> new HashMap<>()).put(m.container, usage.get(m.container));
            }
            byProject.forEach((p, u) -> ProjectAccounting.check(p, u).ifPresent(this::end));
        } catch (RuntimeException e) {
            LOG.warn("Project accounting failed: {}", e.toString());
        }
    }

    private void end(ProjectAccounting.Violation v) {
        Tracked t = containers.get(v.container());
        if (t == null) {
            return;
        }
        boolean memory = v.control().attribute().equals(ResourceControl.MAX_MEMORY);
        ContainerLimitation l = memory
                ? new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY, mem(v.control().value()),
                        mem(v.projectUsage()), v.message())
                : new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION, Resources.empty(), Resources.empty(),
                        v.message());
        LOG.info("{}", v.message());
        t.limitation.complete(l);
    }

    private static Resources mem(long bytes) {
        return Resources.of(Resource.scalar("mem", Math.round(bytes / (1024.0 * 1024.0) * 1000) / 1000.0));
    }

    private Project choose(ContainerConfig config) {
        Map<String, Project> all = projects();
        String label = config.labels().get(LABEL);
        if (label != null) {
            Project p = all.get(label);
            if (p == null) {
                throw new IllegalArgumentException("the task's label " + LABEL + "=" + label + " names no project in "
                        + file + " (declared: " + all.keySet() + "); declare it, or fix the label");
            }
            return p;
        }
        Project byRole = all.get(config.role());
        return byRole != null ? byRole : all.get("default");
    }

    private List<String> decoration(Project p) {
        List<String> argv = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        p.control(ResourceControl.MAX_PROCESSES).ifPresent(c -> limits.add("--nproc=" + c.value() + ":" + c.value()));
        p.control(ResourceControl.MAX_MEMORY).ifPresent(c -> limits.add("--as=" + c.value() + ":" + c.value()));
        if (!limits.isEmpty()) {
            argv.add(program("prlimit"));
            argv.addAll(limits);
            argv.add("--");
        }
        p.control(ResourceControl.CPU_SHARES).ifPresent(c -> {
            int nice = niceFor(c.value());
            if (nice > 0) {
                argv.addAll(List.of(program("nice"), "-n", Integer.toString(nice)));
            }
        });
        return argv;
    }

    /**
     * NOTE: CFS weighs nice levels by about 1.25 each, so halving the shares is about three levels:
     * 10 shares = nice 0, 5 = 3, 1 = 10; more than 10 shares stay at 0 (raising priority above other
     * work is not a project's to take).
     */
    static int niceFor(long shares) {
        double levels = Math.log(10.0 / shares) / Math.log(1.25);
        return (int) Math.max(0, Math.min(19, Math.round(levels)));
    }

    /** The projects, re-read when the file changed; a broken file fails with the parser's message. */
    private Map<String, Project> projects() {
        try {
            long modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : -1;
            if (modified != loadedModified) {
                Map<String, Project> parsed = modified < 0 ? Map.of()
                        : ProjectFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                if (modified < 0) {
                    LOG.warn("Projects file {} does not exist: no container is in a project", file.toAbsolutePath());
                } else {
                    LOG.info("Loaded {} project(s) from {}: {}", parsed.size(), file, parsed.keySet());
                }
                projects = parsed;
                loadedModified = modified;
            }
            return projects;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the projects file " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeState(ContainerId id, String project) {
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateDir.resolve(id.value()), project + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the project of container " + id + " in " + stateDir + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<String> readState(ContainerId id) {
        try {
            return Optional.of(Files.readString(stateDir.resolve(id.value()), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static <T> CompletionStage<T> unknown(ContainerId id) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + id + ": the "
                + NAME + " isolator never prepared or recovered it, or it was cleaned up"));
    }

    private static String program(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "%s not found in /usr/bin or /bin: the projects"
                + " isolator needs %s (util-linux / coreutils)", name, name));
    }
}
