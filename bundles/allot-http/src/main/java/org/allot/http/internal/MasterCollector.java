package org.allot.http.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.TaskView;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The master's metrics for one scrape, from one {@link ClusterState} and one {@link MasterMetrics}:
 * gauges are computed from the snapshot (so they agree with each other), counters copied from the
 * master's books. Names follow Mesos's ({@code master/tasks_running} becomes
 * {@code allot_master_tasks_running}); the mapping is in the bundle's README.
 *
 * <p>Threading: any thread; nothing is kept between scrapes.
 */
final class MasterCollector implements MultiCollector {

    /** The scalar resources reported as total, allocated, offered and used, with their unit. */
    private static final String[][] RESOURCES = {{"cpus", ""}, {"mem", "megabytes"}, {"disk", "megabytes"},
        {"gpus", ""}};

    private final ClusterSource source;

    MasterCollector(ClusterSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public MetricSnapshots collect() {
        ClusterState state = source.state();
        MasterMetrics metrics = source.metrics();
        List<MetricSnapshot> out = new ArrayList<>();
        master(out, state.status(), metrics);
        tasks(out, state.tasks());
        agentsAndFrameworks(out, state);
        resources(out, state);
        offers(out, state.frameworks(), metrics);
        messages(out, metrics);
        out.add(passes(metrics.passes()));
        return new MetricSnapshots(out);
    }

    private static void master(List<MetricSnapshot> out, MasterStatus s, MasterMetrics m) {
        out.add(gauge("allot_master_elected", "1 while this master leads, else 0", s.leading() ? 1 : 0));
        out.add(gauge("allot_master_allocator_active", "1 while an allocator is active (offers are made), else 0",
                s.activeAllocator().isEmpty() ? 0 : 1));
        out.add(gauge("allot_master_event_queue_messages", "Messages decoded and waiting for the master's event loop",
                m.eventQueue()));
        out.add(counter("allot_master_status_update_retries", "Status updates an agent sent again because they"
                + " were not acknowledged yet", Labels.EMPTY, m.statusUpdateRetries()));
    }

    private static void tasks(List<MetricSnapshot> out, List<TaskView> tasks) {
        Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
        for (TaskView t : tasks) {
            byState.merge(t.state(), 1, Integer::sum);
        }
        for (TaskState s : TaskState.values()) {
            if (!s.isTerminal()) {
                String name = s.name().toLowerCase(Locale.ROOT);
                out.add(gauge("allot_master_tasks_" + name, "Tasks in state " + s.name(), byState.getOrDefault(s, 0)));
            }
        }
    }

    private static void agentsAndFrameworks(List<MetricSnapshot> out, ClusterState state) {
        long connected = state.agents().stream().filter(AgentView::active).count();
        out.add(gauge("allot_master_agents_connected", "Agents connected", connected));
        out.add(gauge("allot_master_agents_disconnected", "Agents disconnected and kept for a while",
                state.agents().size() - connected));
        long active = state.frameworks().stream().filter(FrameworkView::connected).count();
        out.add(gauge("allot_master_frameworks_active", "Frameworks whose scheduler is connected", active));
        out.add(gauge("allot_master_frameworks_inactive", "Frameworks whose scheduler is disconnected"
                + " (within its failover timeout)", state.frameworks().size() - active));
        out.add(gauge("allot_master_offers_outstanding", "Offers made and not yet answered", state.offers().size()));
    }

    /**
     * capacity (Mesos's total): all agents' resources; allocated: used by tasks and executors or offered; offered: in
     * outstanding offers; used: allocated minus offered.
     */
    private static void resources(List<MetricSnapshot> out, ClusterState state) {
        long[] total = new long[RESOURCES.length];
        long[] allocated = new long[RESOURCES.length];
        long[] offered = new long[RESOURCES.length];
        for (AgentView a : state.agents()) {
            add(total, a.total());
            add(allocated, a.allocated());
        }
        for (OfferView o : state.offers()) {
            add(offered, o.resources());
        }
        for (int i = 0; i < RESOURCES.length; i++) {
            String name = RESOURCES[i][0];
            String unit = RESOURCES[i][1].isEmpty() ? "" : " (" + RESOURCES[i][1] + ")";
            // NOTE: Mesos's master/cpus_total; the Prometheus client keeps the _total suffix for counters.
            out.add(gauge("allot_master_" + name + "_capacity", name + " of every agent" + unit, total[i] / 1000.0));
            out.add(gauge("allot_master_" + name + "_allocated", name + " used or offered" + unit,
                    allocated[i] / 1000.0));
            out.add(gauge("allot_master_" + name + "_offered", name + " in outstanding offers" + unit,
                    offered[i] / 1000.0));
            out.add(gauge("allot_master_" + name + "_used", name + " used by tasks and executors" + unit,
                    (allocated[i] - offered[i]) / 1000.0));
        }
    }

    private static void add(long[] sums, Resources r) {
        for (int i = 0; i < RESOURCES.length; i++) {
            sums[i] += r.scalarMillis(RESOURCES[i][0]);
        }
    }

    private static void offers(List<MetricSnapshot> out, List<FrameworkView> frameworks, MasterMetrics m) {
        Map<FrameworkId, String> names = new HashMap<>();
        frameworks.forEach(f -> names.put(f.id(), f.name()));
        String[] outcomes = {"sent", "accepted", "declined", "rescinded"};
        List<List<CounterSnapshot.CounterDataPointSnapshot>> points = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            points.add(new ArrayList<>());
        }
        m.offers().forEach((id, c) -> {
            String name = names.get(id);
            if (name == null) {
                return; // removed between the two snapshots
            }
            Labels labels = Labels.of("framework_id", id.value(), "framework_name", name);
            long[] values = {c.sent(), c.accepted(), c.declined(), c.rescinded()};
            for (int i = 0; i < outcomes.length; i++) {
                points.get(i).add(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(values[i])
                        .build());
            }
        });
        for (int i = 0; i < outcomes.length; i++) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name("allot_master_framework_offers_" + outcomes[i])
                    .help("Offers " + outcomes[i] + " per framework");
            points.get(i).forEach(b::dataPoint);
            out.add(b.build());
        }
    }

    private static void messages(List<MetricSnapshot> out, MasterMetrics m) {
        CounterSnapshot.Builder in = CounterSnapshot.builder().name("allot_master_messages_received")
                .help("Messages received from agents and schedulers, by type");
        m.messagesIn().forEach((type, n) -> in.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("type", type)).value(n).build()));
        out.add(in.build());
        CounterSnapshot.Builder sent = CounterSnapshot.builder().name("allot_master_messages_sent")
                .help("Messages sent to agents and schedulers, by type");
        m.messagesOut().forEach((type, n) -> sent.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("type", type.toLowerCase(Locale.ROOT))).value(n).build()));
        out.add(sent.build());
    }

    private static HistogramSnapshot passes(MasterMetrics.PassDurations p) {
        double[] bounds = p.upperBounds();
        double[] withInf = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        withInf[bounds.length] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder().name("allot_allocator_allocation_run_seconds").unit(Unit.SECONDS)
                .help("How long allocation passes took, offers made and sent included")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(withInf, p.counts()))
                        .sum(p.sumSeconds()).build())
                .build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, Labels labels, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build())
                .build();
    }
}
