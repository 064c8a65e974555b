package org.allot.api;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a framework says about itself when it subscribes.
 *
 * <p>A framework that re-subscribes after its scheduler failed over sends the {@link #id} it was
 * given; within {@link #failoverTimeout} the master keeps its tasks running and hands them back.
 * Use {@link #builder(String, String)}; only name and user are required.
 *
 * @param name            a human name, e.g. {@code spark}
 * @param user            the OS user tasks run as unless a task says otherwise
 * @param role            the role whose share and reservations the framework uses; {@code *} by default
 * @param principal       who the framework authenticates as, if anyone
 * @param failoverTimeout how long the master waits for a disconnected scheduler before it removes
 *                        the framework and kills its tasks; zero by default
 * @param capabilities    feature names the framework supports, e.g. {@code PARTITION_AWARE}
 * @param id              the framework id, present when re-subscribing
 * @param hostname        the scheduler's host, for operators
 */
public record FrameworkInfo(String name, String user, String role, Optional<String> principal,
                            Duration failoverTimeout, Set<String> capabilities, Optional<FrameworkId> id,
                            Optional<String> hostname) {

    public FrameworkInfo {
        Names.requireText("framework name", name);
        Names.requireText("framework user", user);
        Names.requireRole(role);
        Objects.requireNonNull(principal, "principal");
        principal.ifPresent(p -> Names.requireId("principal", p));
        Objects.requireNonNull(failoverTimeout, "failoverTimeout");
        if (failoverTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid failover timeout " + failoverTimeout + " for framework "
                    + name + ": it must not be negative");
        }
        SortedSet<String> caps = new TreeSet<>();
        for (String c : capabilities) {
            caps.add(Names.requireToken("capability", c));
        }
        capabilities = Collections.unmodifiableSortedSet(caps);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        hostname.ifPresent(h -> Names.requireText("framework hostname", h));
    }

    public static Builder builder(String name, String user) {
        return new Builder(name, user);
    }

    /** A builder pre-filled with this value, e.g. to add the id the master assigned. */
    public Builder toBuilder() {
        Builder b = new Builder(name, user).role(role).failoverTimeout(failoverTimeout).capabilities(capabilities);
        principal.ifPresent(b::principal);
        id.ifPresent(b::id);
        hostname.ifPresent(b::hostname);
        return b;
    }

    /** The same framework with the id the master assigned. */
    public FrameworkInfo withId(FrameworkId frameworkId) {
        return toBuilder().id(frameworkId).build();
    }

    /** Whether the framework declared {@code capability}. */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }

    /** Collects the optional fields; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final String user;
        private String role = Resource.UNRESERVED;
        private String principal;
        private Duration failoverTimeout = Duration.ZERO;
        private final Set<String> capabilities = new TreeSet<>();
        private FrameworkId id;
        private String hostname;

        private Builder(String name, String user) {
            this.name = name;
            this.user = user;
        }

        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public Builder principal(String principal) {
            this.principal = principal;
            return this;
        }

        public Builder failoverTimeout(Duration timeout) {
            this.failoverTimeout = timeout;
            return this;
        }

        public Builder capability(String capability) {
            capabilities.add(capability);
            return this;
        }

        public Builder capabilities(Collection<String> all) {
            capabilities.addAll(all);
            return this;
        }

        public Builder id(FrameworkId id) {
            this.id = id;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public FrameworkInfo build() {
            return new FrameworkInfo(name, user, role, Optional.ofNullable(principal), failoverTimeout,
                    capabilities, Optional.ofNullable(id), Optional.ofNullable(hostname));
        }
    }
}
