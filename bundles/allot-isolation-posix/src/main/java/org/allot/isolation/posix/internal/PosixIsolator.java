package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.allot.api.Durations;
import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.SyncIsolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process isolation on Linux: every container gets its own session and process group, rlimits
 * from its limits, usage summed over its processes from {@code /proc}, and a cleanup that kills all
 * of them.
 *
 * <h2>How a container is confined</h2>
 * {@link #prepare} returns the argv prefix {@code [setsid, prlimit, --nofile=N:N, (--as=B:B,) --]}.
 * {@code setsid} (util-linux) calls setsid(2) and execs in the same process, because a process the
 * JVM forks is never a group leader; so the container's first pid is also its session id and
 * process group id. {@code prlimit} (util-linux) sets the rlimits on itself and execs the command.
 * Neither forks, so the pid the agent sees is the container's root process.
 *
 * <h2>Which processes belong to a container</h2>
 * Every live process whose process group or session is the root pid, every descendant of those
 * (found through their parent pids and {@link ProcessHandle#descendants()}, to catch processes that
 * made their own session), and every process seen as a member before that still runs (same pid and
 * start time), to catch escapees whose parent has died. Zombies are not counted: they run nothing.
 *
 * <h2>Threading</h2>
 * The agent makes the calls about one container one at a time, but calls about different
 * containers may overlap: it runs {@link #cleanup} (which waits up to the cleanup grace) on its own
 * cleanup threads while its loop launches and polls other containers. So all shared state here is
 * concurrent (the container map, each container's known processes) and per-container state is
 * only touched by that container's calls.
 *
 * <p>Registered as the {@code posix} isolator; also usable without OSGi through the public
 * constructors.
 */
@Component(service = SyncIsolator.class, property = "isolator.name=" + PosixIsolator.NAME,
        configurationPid = PosixIsolator.PID)
@Designate(ocd = PosixIsolator.Config.class)
public final class PosixIsolator implements SyncIsolator {

    public static final String NAME = "posix";
    public static final String PID = "org.allot.isolation.posix";

    private static final Logger LOG = LoggerFactory.getLogger(PosixIsolator.class);
    /** Clock ticks per second of the times in /proc/<pid>/stat; 100 on every Linux port that matters. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int KILL_ROUNDS = 100;

    @ObjectClassDefinition(name = "Allot POSIX isolator",
            description = "Runs each container in its own process group and session with rlimits, measures it from"
                    + " /proc and kills all its processes at the end.")
    public @interface Config {
        @AttributeDefinition(name = "Cleanup grace", description = "How long cleanup waits after SIGTERM before"
                + " SIGKILL for processes still alive, e.g. 500ms, 2s. The agent gives tasks their own kill grace"
                + " before it cleans up, so this only delays the end of processes that outlive their task.")
        String cleanup__grace() default "1s";

        @AttributeDefinition(name = "Max open files", description = "RLIMIT_NOFILE of container processes,"
                + " capped at the agent's own hard limit; 0 keeps the limit the agent has.")
        long max__open__files() default PosixSettings.DEFAULT_MAX_OPEN_FILES;

        @AttributeDefinition(name = "Limit address space", description = "Set RLIMIT_AS to the container's mem"
                + " resource. Off by default: a JVM reserves much more address space than it uses.")
        boolean limit__address__space() default false;
    }

    private final Path proc;
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
    private volatile PosixSettings settings;

    /** With {@link PosixSettings#defaults()}; the constructor Declarative Services uses. */
    public PosixIsolator() {
        this(PosixSettings.defaults());
    }

    public PosixIsolator(PosixSettings settings) {
        this(settings, Path.of("/proc"));
    }

    PosixIsolator(PosixSettings settings, Path proc) {
        this.settings = settings;
        this.proc = proc;
    }

    @Activate
    @Modified
    void configure(Config config) {
        settings = new PosixSettings(Durations.parse("cleanup_grace", config.cleanup__grace()),
                config.max__open__files(), config.limit__address__space());
        LOG.info("POSIX isolator configured: {}", settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ContainerLaunch prepare(ContainerId containerId, ContainerConfig config) {
        if (containers.containsKey(containerId)) {
            throw new IllegalStateException("container " + containerId + " is already prepared; container ids must be new");
        }
        PosixSettings s = settings;
        List<String> prefix = new ArrayList<>();
        prefix.add(findProgram("setsid"));
        List<String> limits = new ArrayList<>();
        long nofile = s.maxOpenFiles() == 0 ? 0 : Math.min(s.maxOpenFiles(), currentHardLimit("Max open files"));
        if (nofile > 0) {
            limits.add("--nofile=" + nofile + ":" + nofile);
        }
        long memBytes = (long) (config.limits().scalar("mem") * 1024 * 1024);
        if (s.limitAddressSpace() && memBytes > 0) {
            limits.add("--as=" + memBytes + ":" + memBytes);
        }
        if (!limits.isEmpty()) {
            prefix.add(findProgram("prlimit"));
            prefix.addAll(limits);
            prefix.add("--");
        }
        containers.put(containerId, new Container(containerId, config.sandbox(), config.limits()));
        LOG.debug("Prepared container {} with {}", containerId, prefix);
        return new ContainerLaunch(prefix, Map.of("ALLOT_CONTAINER_ID", containerId.value()));
    }

    @Override
    public void isolate(ContainerId containerId, long pid) {
        Container c = require(containerId);
        // NOTE: the JVM returns from the fork once setsid is exec'd, maybe before it called setsid(2);
        // wait briefly for the process to lead its own group, so the group is known for sure.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            Optional<ProcStat> st = ProcStat.read(proc, pid);
            if (st.isEmpty() || st.get().isZombie()) {
                break; // it already ended; the agent will notice and clean up
            }
            if (st.get().pgrp() == pid) {
                c.known.put(pid, st.get().startTime());
                c.rootStart = st.get().startTime();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("process " + pid + " of container " + containerId
                        + " is not the leader of its own process group (group " + st.get().pgrp()
                        + "): launch it with the argv prefix from prepare, which starts with setsid");
            }
            sleep(Duration.ofMillis(2));
        }
        c.root = pid;
        LOG.debug("Container {} runs as process group {}", containerId, pid);
    }

    @Override
    public void update(ContainerId containerId, Resources limits) {
        // rlimits cannot be changed from outside for every process of a group; new processes keep
        // the ones set at launch. Remember the limits so recover and logs know them.
        require(containerId).limits = limits;
    }

    @Override
    public ResourceUsage usage(ContainerId containerId) {
        Container c = require(containerId);
        long ticksUser = 0;
        long ticksSystem = 0;
        long rss = 0;
        for (ProcStat st : members(c).values()) {
            ticksUser += st.utime() + st.cutime();
            ticksSystem += st.stime() + st.cstime();
            rss += rssBytes(st.pid());
        }
        return new ResourceUsage(Instant.now(), ticksUser / TICKS_PER_SECOND, ticksSystem / TICKS_PER_SECOND,
                ResourceUsage.NOT_MEASURED, rss, ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED);
    }

    @Override
    public void cleanup(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            LOG.debug("Cleanup of unknown container {}: nothing to do", containerId);
            return;
        }
        try {
            killAll(c);
        } finally {
            containers.remove(containerId);
        }
    }

    @Override
    public void recover(List<ContainerState> existing) {
        for (ContainerState state : existing) {
            Container c = new Container(state.id(), state.sandbox(), state.limits());
            c.root = state.pid();
            ProcStat.read(proc, state.pid()).filter(st -> !st.isZombie()).ifPresent(st -> {
                c.known.put(st.pid(), st.startTime());
                c.rootStart = st.startTime();
            });
            containers.put(state.id(), c);
            LOG.info("Recovered container {} (process group {}, {} process(es) alive)", state.id(), state.pid(),
                    members(c).size());
        }
    }

    /** The pids of the container's live processes now; for tests and operators. */
    public Set<Long> pids(ContainerId containerId) {
        return Set.copyOf(members(require(containerId)).keySet());
    }

    // ----- killing -----

    private void killAll(Container c) {
        Map<Long, ProcStat> alive = members(c);
        if (alive.isEmpty()) {
            LOG.debug("Container {} has no process left", c.id);
            return;
        }
        Duration grace = settings.cleanupGrace();
        LOG.debug("Sending SIGTERM to {} process(es) of container {}: {}", alive.size(), c.id, alive.keySet());
        long deadline = System.nanoTime() + grace.toNanos();
        Set<Long> termed = new HashSet<>();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            for (Long pid : alive.keySet()) {
                if (termed.add(pid)) {
                    signal(pid, alive.get(pid), false);
                }
            }
            sleep(POLL);
            alive = members(c);
        }
        for (int round = 0; !alive.isEmpty() && round < KILL_ROUNDS; round++) {
            if (round == 0) {
                LOG.info("Container {}: {} process(es) outlived SIGTERM by {} ms, sending SIGKILL: {}", c.id,
                        alive.size(), grace.toMillis(), alive.keySet());
            }
            alive.forEach((pid, st) -> signal(pid, st, true));
            sleep(Duration.ofMillis(10));
            alive = members(c);
        }
        if (!alive.isEmpty()) {
            LOG.warn("Container {}: processes {} survived {} rounds of SIGKILL (they fork faster than they die,"
                    + " or are stuck in the kernel)", c.id, alive.keySet(), KILL_ROUNDS);
        }
    }

    private void signal(long pid, ProcStat seen, boolean kill) {
        // NOTE: ProcessHandle checks the start time, so a pid reused since the scan is not signalled.
        ProcessHandle.of(pid).ifPresent(h -> {
            Optional<ProcStat> now = ProcStat.read(proc, pid);
            if (now.isPresent() && now.get().startTime() == seen.startTime()) {
                if (kill) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            }
        });
    }

    // ----- membership -----

    /** The container's live processes by pid; remembers them so escapees are found later. */
    private Map<Long, ProcStat> members(Container c) {
        Map<Long, ProcStat> table = scan();
        Map<Long, ProcStat> result = new LinkedHashMap<>();
        long group = c.root;
        // NOTE: once the root has exited and its group and session are empty, the kernel may give its
        // pid to a new process, even a new container's root (setsid: group = session = pid). A leader
        // with another start time means the id is no longer this container's: trust only known pids.
        ProcStat leader = table.get(group);
        boolean reused = leader != null && c.rootStart != 0 && leader.startTime() != c.rootStart;
        Predicate<ProcStat> inGroup = st -> group > 0 && !reused && (st.pgrp() == group || st.session() == group);
        for (ProcStat st : table.values()) {
            Long knownStart = c.known.get(st.pid());
            if (inGroup.test(st) || (knownStart != null && knownStart == st.startTime())) {
                result.put(st.pid(), st);
            }
        }
        // Descendants of members, whatever group or session they made for themselves.
        Map<Long, List<ProcStat>> children = new HashMap<>();
        table.values().forEach(st -> children.computeIfAbsent(st.ppid(), k -> new ArrayList<>()).add(st));
        List<Long> work = new ArrayList<>(result.keySet());
        for (int i = 0; i < work.size() && i < 100_000; i++) {
            for (ProcStat child : children.getOrDefault(work.get(i), List.of())) {
                if (result.putIfAbsent(child.pid(), child) == null) {
                    work.add(child.pid());
                }
            }
        }
        if (result.containsKey(group)) {
            ProcessHandle.of(group).ifPresent(h -> h.descendants().forEach(d -> {
                ProcStat st = table.get(d.pid());
                if (st != null) {
                    result.putIfAbsent(d.pid(), st);
                }
            }));
        }
        result.values().removeIf(ProcStat::isZombie);
        c.known.keySet().retainAll(table.keySet());
        result.values().forEach(st -> c.known.put(st.pid(), st.startTime()));
        return result;
    }

    /** Every process in /proc by pid, zombies included. */
    private Map<Long, ProcStat> scan() {
        Map<Long, ProcStat> table = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                ProcStat.read(proc, Long.parseLong(dir.getFileName().toString())).ifPresent(st -> table.put(st.pid(), st));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": the POSIX isolator needs a Linux /proc", e);
        }
        return table;
    }

    private long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).strip().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // always in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between the scan and now: it uses nothing
        }
        return 0;
    }

    // ----- helpers -----

    private Container require(ContainerId id) {
        Container c = containers.get(id);
        if (c == null) {
            throw new IllegalArgumentException("unknown container " + id + ": it was never prepared or recovered"
                    + " by the posix isolator, or it was cleaned up");
        }
        return c;
    }

    /** The agent's own hard limit for {@code name} in /proc/self/limits; unlimited as Long.MAX_VALUE. */
    private long currentHardLimit(String name) {
        try {
            for (String line : Files.readAllLines(proc.resolve("self").resolve("limits"))) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).strip().split("\\s+");
                    return f[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read the hard limit '{}' from {}/self/limits: {}", name, proc, e.toString());
        }
        return Long.MAX_VALUE;
    }

    private static String findProgram(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " not found in PATH or /usr/bin, /bin: the posix isolator needs"
                + " setsid and prlimit from util-linux; install util-linux");
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for container processes to end", e);
        }
    }

    /**
     * What the isolator knows of one container. Touched by the calls about this container, one at a
     * time but not always on the same thread (cleanup runs on an agent cleanup thread).
     */
    private static final class Container {
        final ContainerId id;
        final Path sandbox;
        volatile Resources limits;
        /** The root pid, which is also the process group and session id; 0 before isolate. */
        volatile long root;
        /** The root's start time (clock ticks since boot), to tell its pid from a reused one; 0 unknown. */
        volatile long rootStart;
        /** Processes seen as members, pid to start time. */
        final Map<Long, Long> known = new ConcurrentHashMap<>();

        Container(ContainerId id, Path sandbox, Resources limits) {
            this.id = id;
            this.sandbox = sandbox;
            this.limits = limits;
        }

        @Override
        public String toString() {
            return id + " (group " + root + ", sandbox " + sandbox + ")";
        }
    }
}
