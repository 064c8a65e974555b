package org.allot.benchmarks;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.operator.ClusterState;
import org.allot.http.AllotServlets;
import org.allot.http.internal.embedded.JettyServer;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;

/**
 * {@code GET /api/v1/state} of a real master holding {@code --agents} agents (default 40,000) and
 * {@code --tasks} tasks (default 100,000), and how long serving it blocks the master's event loop.
 * A plain {@code main} that prints figures (not JMH: what matters is one big request and the loop's
 * stall meanwhile, not a steady-state rate).
 *
 * <p>Setup, in one JVM and without a network to the master: the real {@link Master} on its own
 * {@link ThreadEventLoop} with DRF (allocation interval 1 s, so periodic passes run throughout);
 * agents registered through its {@link MessageHandler} as a network thread would; ten frameworks
 * subscribed, each accepting every offer it gets with as many {@code cpus:1;mem:512} tasks as fit
 * until the task count is reached (they stay STAGING: no agent runs them). The API is served by
 * allot-http's servlets on the embedded Jetty the launcher uses, on 127.0.0.1 port 0, and fetched
 * with the JDK's HTTP client.
 *
 * <p>Measured: each GET's wall time (whole body read) and size; the snapshot alone
 * ({@code Operator.state()}); the stall of the event loop: a probe thread queues a no-op on the loop
 * every millisecond and records how late it ran, the longest delay while the GETs are served being
 * the stall; and, as a baseline in the same run, {@code GET /health} and the allocation passes'
 * durations from the master's own histogram.
 *
 * <pre>java -Xmx6g -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.StateApiBenchmark [--agents 40000] [--tasks 100000] [--requests 10]</pre>
 */
public final class StateApiBenchmark {

    private static final String AGENT_RESOURCES = "cpus:8;mem:16384;disk:100000;ports:[31000-32000]";
    private static final Resources TASK = Resources.parse("cpus:1;mem:512");
    private static final int FRAMEWORKS = 10;

    private StateApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // 40,000 "Added agent" lines at INFO would measure the console.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int agents = intArg(args, "--agents", 40_000);
        int tasks = intArg(args, "--tasks", 100_000);
        int requests = intArg(args, "--requests", 10);
        ThreadEventLoop loop = new ThreadEventLoop("allot-master");
        MasterConfig config = MasterConfig.builder().allocationInterval(Duration.ofSeconds(1))
                .offerTimeout(Duration.ofHours(1)).build();
        Master master = new Master(config, loop, new DrfAllocator(), List.of());
        master.startLoop();
        try {
            long t0 = System.nanoTime();
            build(master, agents, tasks);
            System.out.printf("setup: %d agents, %d tasks, %d offers outstanding in %.1f s%n",
                    master.status().agents(), master.status().tasks(), master.offers().size(),
                    (System.nanoTime() - t0) / 1e9);
            measure(master, loop, requests);
        } finally {
            master.stop();
        }
    }

    private static void build(Master master, int agents, int tasks) throws InterruptedException {
        MessageHandler handler = master.handler();
        long ids = 0;
        for (int i = 0; i < agents; i++) {
            Sink c = new Sink(++ids, Role.AGENT, "agent@host-" + i);
            handler.onOpen(c);
            AgentInfo info = new AgentInfo(java.util.Optional.empty(), "host-" + i, 5051, Resources.parse(AGENT_RESOURCES),
                    Attributes.parse("rack:r" + (i % 40) + ";zone:z" + (i % 3)));
            handler.onMessage(c, Messages.registerAgent(info, "bench"));
            if (i % 5000 == 4999) {
                int registered = i + 1;
                await(() -> master.status().agents() == registered, Duration.ofMinutes(5)); // bounded queue
            }
        }
        await(() -> master.status().agents() == agents, Duration.ofMinutes(10));
        List<Sink> frameworks = new ArrayList<>();
        for (int i = 0; i < FRAMEWORKS; i++) {
            Sink c = new Sink(++ids, Role.SCHEDULER, "bench-" + i);
            handler.onOpen(c);
            handler.onMessage(c, Messages.subscribe(FrameworkInfo.builder("bench-" + i, "bench")
                    .role(i % 2 == 0 ? "analytics" : "web").build()));
            frameworks.add(c);
        }
        long launched = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (launched < tasks) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("launched only " + launched + " of " + tasks + " tasks in 15 minutes");
            }
            boolean any = false;
            for (Sink f : frameworks) {
                for (org.allot.protocol.proto.Offer o : f.takeOffers()) {
                    any = true;
                    Resources offered = org.allot.protocol.Wire.resources(o.getResourcesList());
                    int fit = (int) Math.min(tasks - launched, Math.min(offered.scalarMillis("cpus")
                            / TASK.scalarMillis("cpus"), offered.scalarMillis("mem") / TASK.scalarMillis("mem")));
                    if (fit <= 0) {
                        handler.onMessage(f, Messages.decline(FrameworkId.of(f.assigned),
                                List.of(OfferId.of(o.getOfferId())), java.util.OptionalDouble.of(3600)));
                        continue;
                    }
                    List<TaskInfo> batch = new ArrayList<>(fit);
                    for (int k = 0; k < fit; k++) {
                        launched++;
                        batch.add(TaskInfo.ofCommand(TaskId.of("t-" + launched), "task " + launched,
                                AgentId.of(o.getAgentId()), TASK, CommandInfo.shell("sleep 3600")));
                    }
                    handler.onMessage(f, Messages.accept(FrameworkId.of(f.assigned), List.of(OfferId.of(o.getOfferId())),
                            batch, java.util.OptionalDouble.of(3600)));
                }
            }
            if (!any) {
                Thread.sleep(20);
            }
        }
        await(() -> master.status().tasks() == tasks, Duration.ofMinutes(5));
    }

    private static void measure(Master master, ThreadEventLoop loop, int requests) throws Exception {
        JettyServer http = JettyServer.start("127.0.0.1", 0, AllotServlets.create(master, false));
        HttpClient client = HttpClient.newBuilder().build();
        URI state = URI.create("http://127.0.0.1:" + http.port() + "/api/v1/state");
        URI health = URI.create("http://127.0.0.1:" + http.port() + "/health");
        try {
            Probe snapshotProbe = new Probe(loop);
            snapshotProbe.start();
            Thread.sleep(300);
            snapshotProbe.maxAndReset();
            LoopCpu cpu = new LoopCpu("allot-master");
            cpu.mark();
            long[] snapshot = new long[requests];
            for (int i = 0; i < requests; i++) {
                long s = System.nanoTime();
                ClusterState c = master.state();
                snapshot[i] = System.nanoTime() - s;
                if (c.tasks().isEmpty()) {
                    throw new IllegalStateException("empty snapshot");
                }
            }
            long snapshotCpu = cpu.sinceMarkLessIdle() / requests;
            long snapshotStall = snapshotProbe.maxAndReset();
            snapshotProbe.stop();
            for (int i = 0; i < 3; i++) {
                long a = System.nanoTime();
                master.agents();
                long b = System.nanoTime();
                master.frameworks();
                long c = System.nanoTime();
                master.tasks();
                long d = System.nanoTime();
                master.offers();
                long e = System.nanoTime();
                System.out.printf("separate Operator reads (the shell's, each on the loop): agents %.1f ms,"
                        + " frameworks %.1f ms, tasks %.1f ms, offers %.1f ms%n",
                        (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6, (e - d) / 1e6);
            }
            get(client, state); // warm-up: JIT, Jetty, Jackson
            get(client, state);
            long[] healthNanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long s = System.nanoTime();
                get(client, health);
                healthNanos[i] = System.nanoTime() - s;
            }
            Probe probe = new Probe(loop);
            probe.start();
            Thread.sleep(300);
            long idleStall = probe.maxAndReset();
            cpu.mark();
            long[] stateNanos = new long[requests];
            long bytes = 0;
            for (int i = 0; i < requests; i++) {
                long s = System.nanoTime();
                bytes = get(client, state);
                stateNanos[i] = System.nanoTime() - s;
            }
            long servingCpu = cpu.sinceMarkLessIdle() / requests;
            long servingStall = probe.maxAndReset();
            probe.stop();
            org.allot.api.operator.MasterMetrics.PassDurations passes = master.metrics().passes();
            double passMeanMs = passes.sumSeconds() * 1000 / Math.max(1, passes.count());
            System.out.printf("GET /api/v1/state: %s ms (median %.0f, max %.0f), %.1f MB%n", ms(stateNanos),
                    median(stateNanos) / 1e6, max(stateNanos) / 1e6, bytes / 1e6);
            System.out.printf("Operator.state() snapshot alone (caller's view): %s ms (median %.1f)%n", ms(snapshot),
                    median(snapshot) / 1e6);
            System.out.printf("event loop: longest delay of a queued no-op while serving %.1f ms; while only taking"
                    + " snapshots %.1f ms; while idle %.1f ms%n", servingStall / 1e6, snapshotStall / 1e6, idleStall / 1e6);
            System.out.printf("event loop CPU time per request (less the loop's own in as long idle): snapshot %.1f ms,"
                    + " GET /api/v1/state %.1f ms%n", snapshotCpu / 1e6, servingCpu / 1e6);
            System.out.printf("baseline GET /health: median %.2f ms (/state is %.0fx)%n", median(healthNanos) / 1e6,
                    median(stateNanos) / (double) median(healthNanos));
            System.out.printf("baseline allocation passes: %d, mean %.1f ms, histogram %s%n", passes.count(),
                    passMeanMs, passes);
            System.out.printf("Mesos /state at 40,000 agents: about 3,300 ms; this run: %.0f ms (%.1fx faster)%n",
                    median(stateNanos) / 1e6, 3300 / (median(stateNanos) / 1e6));
        } finally {
            http.stop();
        }
    }

    private static long get(HttpClient client, URI uri) throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) >= 0; ) {
                n += k;
            }
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + r.statusCode());
        }
        return n;
    }

    /**
     * CPU time of the loop's thread: what the master's loop itself spent, which the load of other
     * processes on shared cores does not inflate (wall times do). The loop's own background work
     * (allocation passes every second) is measured in an idle window of the same length and taken off.
     */
    private static final class LoopCpu {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final long id;
        private long cpuMark;
        private long wallMark;

        LoopCpu(String threadName) {
            this.id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no thread " + threadName)).getId();
        }

        void mark() {
            cpuMark = threads.getThreadCpuTime(id);
            wallMark = System.nanoTime();
        }

        long sinceMarkLessIdle() throws InterruptedException {
            long busy = threads.getThreadCpuTime(id) - cpuMark;
            long wall = System.nanoTime() - wallMark;
            long idleStart = threads.getThreadCpuTime(id);
            Thread.sleep(Math.max(1, wall / 1_000_000));
            long idle = threads.getThreadCpuTime(id) - idleStart;
            return Math.max(0, busy - idle);
        }
    }

    /** Queues a no-op on the loop every millisecond and keeps the longest delay before one ran. */
    private static final class Probe implements Runnable {
        private final ThreadEventLoop loop;
        private final AtomicLong max = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this, "loop-probe");

        Probe(ThreadEventLoop loop) {
            this.loop = loop;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            long end = System.nanoTime() + Duration.ofMinutes(10).toNanos(); // bounded whatever happens
            while (running.get() && System.nanoTime() < end) {
                long queued = System.nanoTime();
                loop.execute(() -> max.accumulateAndGet(System.nanoTime() - queued, Math::max));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long maxAndReset() throws InterruptedException {
            // A no-op queued last tells when the loop caught up with the earlier ones.
            Thread.sleep(50);
            return max.getAndSet(0);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    /** An in-memory connection: keeps the assigned id and the offers; drops everything else. */
    private static final class Sink implements Connection {
        private final long id;
        private final Role role;
        private final String principal;
        private final List<org.allot.protocol.proto.Offer> offers = new ArrayList<>();
        volatile String assigned;

        Sink(long id, Role role, String principal) {
            this.id = id;
            this.role = role;
            this.principal = principal;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public synchronized boolean send(Envelope e) {
            if (e.hasOffers()) {
                offers.addAll(e.getOffers().getOffersList());
            } else if (e.hasSubscribed()) {
                assigned = e.getSubscribed().getFrameworkId();
            } else if (e.hasError()) {
                System.err.println(principal + " got " + e.getError().getCode() + ": " + e.getError().getReason());
            }
            return true;
        }

        synchronized List<org.allot.protocol.proto.Offer> takeOffers() {
            List<org.allot.protocol.proto.Offer> out = List.copyOf(offers);
            offers.clear();
            return out;
        }

        @Override
        public void close() {
        }

        @Override
        public void closeWithError(Error.Code code, String reason) {
            System.err.println(principal + " closed: " + code + ": " + reason);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved("127.0.0.1", 40000);
        }

        @Override
        public Role peerRole() {
            return role;
        }

        @Override
        public String peerPrincipal() {
            return principal;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    private static void await(java.util.function.BooleanSupplier done, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("setup did not finish within " + max);
            }
            Thread.sleep(50);
        }
    }

    private static int intArg(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }

    private static String ms(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long max(long[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
