package org.allot.filters.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.Resources;
import org.allot.spi.filter.Decline;
import org.allot.spi.filter.OfferCandidate;

/** A builder of {@link OfferCandidate}s for filter tests: framework f-1 in role *, agent a-3 on host h3, at 12:00:00Z. */
final class Candidates {

    static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

    private String framework = "f-1";
    private String role = "*";
    private String agent = "a-3";
    private String host = "h3";
    private Resources resources = Resources.parse("cpus:4;mem:4096");
    private Resources free = Resources.parse("cpus:4;mem:4096");
    private Instant now = NOON;
    private OfferConstraints constraints = OfferConstraints.none();
    private final List<Decline> declines = new ArrayList<>();

    static Candidates candidate() {
        return new Candidates();
    }

    Candidates framework(String id, String role) {
        this.framework = id;
        this.role = role;
        return this;
    }

    Candidates agent(String id, String host) {
        this.agent = id;
        this.host = host;
        return this;
    }

    /** Offers {@code offered}; the agent's free resources are set to the same unless set afterwards. */
    Candidates offering(String offered) {
        this.resources = Resources.parse(offered);
        this.free = this.resources;
        return this;
    }

    Candidates free(String agentFree) {
        this.free = Resources.parse(agentFree);
        return this;
    }

    Candidates at(Instant time) {
        this.now = time;
        return this;
    }

    Candidates atSecondsAfterNoon(double seconds) {
        return at(NOON.plusMillis(Math.round(seconds * 1000)));
    }

    Candidates allowed(String... agents) {
        this.constraints = constraints.withAllowedAgents(List.of(agents));
        return this;
    }

    Candidates minimumFree(String minimum) {
        this.constraints = constraints.withMinimumFree(Resources.parse(minimum));
        return this;
    }

    /** A decline by the framework of {@code declined} on {@code agentId}, until noon plus {@code seconds}. */
    Candidates declined(String agentId, String declined, double seconds) {
        declines.add(new Decline(AgentId.of(agentId), Resources.parse(declined),
                NOON.plusMillis(Math.round(seconds * 1000))));
        return this;
    }

    OfferCandidate build() {
        FrameworkInfo info = FrameworkInfo.builder("fw-" + framework, "nobody").role(role)
                .id(FrameworkId.of(framework)).build();
        AgentInfo agentInfo = AgentInfo.unregistered(host, AgentInfo.DEFAULT_PORT, free).withId(AgentId.of(agent));
        return new OfferCandidate(FrameworkId.of(framework), info, agentInfo, resources, free, now, constraints,
                declines);
    }
}
