package org.allot.master.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.OfferCheck;

/**
 * A tiny allocator for tests: offers every agent's free resources wholly to the first active,
 * unsuppressed framework (in subscription order) that the master's check accepts. It also records
 * calls so tests can see what the master told it.
 */
final class FirstFitAllocator implements Allocator {

    private final String name;
    final Map<AgentId, Resources> totals = new TreeMap<>();
    final Map<AgentId, Map<FrameworkId, Resources>> allocated = new TreeMap<>();
    final Map<FrameworkId, boolean[]> frameworks = new LinkedHashMap<>(); // [active, suppressed]
    final List<String> calls = new ArrayList<>();
    /** The reasons the master's offer check gave when it refused. */
    final List<String> refusals = new ArrayList<>();
    boolean paused;

    FirstFitAllocator(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void addFramework(FrameworkId id, FrameworkInfo info, Map<AgentId, Resources> used, boolean active) {
        calls.add("addFramework " + id + " " + used);
        frameworks.put(id, new boolean[] {active, false});
        used.forEach((a, r) -> {
            if (totals.containsKey(a)) {
                allocated.get(a).put(id, r); // addAgent may have counted it already: count it once
            }
        });
    }

    @Override
    public void removeFramework(FrameworkId id) {
        calls.add("removeFramework " + id);
        frameworks.remove(id);
        allocated.values().forEach(m -> m.remove(id));
    }

    @Override
    public void activateFramework(FrameworkId id) {
        calls.add("activateFramework " + id);
        frameworks.get(id)[0] = true;
    }

    @Override
    public void deactivateFramework(FrameworkId id) {
        calls.add("deactivateFramework " + id);
        frameworks.get(id)[0] = false;
    }

    @Override
    public void addAgent(AgentId id, AgentInfo info, Resources total, Map<FrameworkId, Resources> used) {
        calls.add("addAgent " + id + " " + used);
        totals.put(id, total);
        Map<FrameworkId, Resources> m = new TreeMap<>();
        used.forEach((f, r) -> {
            if (frameworks.containsKey(f)) {
                m.put(f, r);
            }
        });
        allocated.put(id, m);
    }

    @Override
    public void removeAgent(AgentId id) {
        calls.add("removeAgent " + id);
        totals.remove(id);
        allocated.remove(id);
    }

    @Override
    public void updateAgent(AgentId id, Resources total) {
        totals.put(id, total);
    }

    @Override
    public void recoverResources(FrameworkId f, AgentId a, Resources r) {
        calls.add("recoverResources " + f + " " + a + " " + r);
        Map<FrameworkId, Resources> m = allocated.get(a);
        if (m == null || !m.containsKey(f)) {
            throw new IllegalStateException("recover of " + r + " on " + a + " for " + f + " which holds nothing");
        }
        Resources rest = m.get(f).subtract(r); // throws if the master recovers more than was allocated
        if (rest.isEmpty()) {
            m.remove(f);
        } else {
            m.put(f, rest);
        }
    }

    @Override
    public void suppressOffers(FrameworkId f) {
        calls.add("suppressOffers " + f);
        frameworks.get(f)[1] = true;
    }

    @Override
    public void reviveOffers(FrameworkId f) {
        calls.add("reviveOffers " + f);
        frameworks.get(f)[1] = false;
    }

    @Override
    public void reset() {
        calls.add("reset");
        totals.clear();
        allocated.clear();
        frameworks.clear();
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    /** What {@code f} holds on {@code a}, as this allocator counts it. */
    Resources allocatedTo(FrameworkId f, AgentId a) {
        return allocated.getOrDefault(a, Map.of()).getOrDefault(f, Resources.empty());
    }

    Resources free(AgentId a) {
        Resources free = totals.get(a);
        for (Resources r : allocated.get(a).values()) {
            free = free.subtract(r);
        }
        return free;
    }

    @Override
    public List<Allocation> allocate(OfferCheck check) {
        List<Allocation> out = new ArrayList<>();
        if (paused) {
            return out;
        }
        for (AgentId a : totals.keySet()) {
            Resources free = free(a);
            if (free.isEmpty()) {
                continue;
            }
            for (Map.Entry<FrameworkId, boolean[]> f : frameworks.entrySet()) {
                if (!f.getValue()[0] || f.getValue()[1]) {
                    continue;
                }
                org.allot.spi.filter.FilterResult verdict = check.test(f.getKey(), a, free);
                if (verdict.isAccepted()) {
                    out.add(new Allocation(f.getKey(), a, free));
                    allocated.get(a).merge(f.getKey(), free, Resources::add);
                    break;
                }
                refusals.add(verdict.reason());
            }
        }
        return out;
    }
}
