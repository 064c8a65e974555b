package org.allot.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.proto.FrameworkInfo.Capability;

/**
 * The tables {@link Wire} maps enums with, built once when the class loads: an API value and a
 * protobuf value belong together when their names match after the protobuf prefix
 * ({@code RUNNING} and {@code TASK_RUNNING}), never by ordinal or number, so that reordering either
 * side cannot silently change a state. A value without a partner is simply absent from the tables
 * ({@code WireEnumsTest} fails for it). Immutable; safe from any thread.
 */
final class WireEnums {

    static final Pairs<TaskState, org.allot.protocol.proto.TaskState> TASK_STATES =
            Pairs.byName(TaskState.class, org.allot.protocol.proto.TaskState.class, "TASK_");
    static final Pairs<TaskStatus.Source, org.allot.protocol.proto.TaskStatus.Source> SOURCES =
            Pairs.byName(TaskStatus.Source.class, org.allot.protocol.proto.TaskStatus.Source.class, "SOURCE_");
    static final Pairs<TaskStatus.Reason, org.allot.protocol.proto.TaskStatus.Reason> REASONS =
            Pairs.byName(TaskStatus.Reason.class, org.allot.protocol.proto.TaskStatus.Reason.class, "REASON_");
    // ----- iso-agent: agent health
    static final Pairs<org.allot.api.agent.AgentHealth.State, org.allot.protocol.proto.AgentHealth.State> HEALTH_STATES =
            Pairs.byName(org.allot.api.agent.AgentHealth.State.class, org.allot.protocol.proto.AgentHealth.State.class,
                    "STATE_");

    /** API capability names (plain strings) to their protobuf values, in the order of {@code model.proto}. */
    static final Map<String, Capability> CAPABILITIES;
    static final Map<Capability, String> CAPABILITY_NAMES;

    static {
        Map<String, Capability> byName = new LinkedHashMap<>();
        Map<Capability, String> names = new EnumMap<>(Capability.class);
        for (Capability c : EnumSet.complementOf(EnumSet.of(Capability.CAPABILITY_UNSPECIFIED, Capability.UNRECOGNIZED))) {
            byName.put(c.name(), c);
            names.put(c, c.name());
        }
        CAPABILITIES = Collections.unmodifiableMap(byName);
        CAPABILITY_NAMES = Collections.unmodifiableMap(names);
    }

    private WireEnums() {
    }

    /** One API enum and its protobuf counterpart, both ways. */
    record Pairs<A extends Enum<A>, P extends Enum<P>>(Map<A, P> toProto, Map<P, A> fromProto) {

        static <A extends Enum<A>, P extends Enum<P>> Pairs<A, P> byName(Class<A> api, Class<P> proto, String prefix) {
            Map<String, P> protoByName = new LinkedHashMap<>();
            EnumSet.allOf(proto).forEach(p -> protoByName.put(p.name(), p));
            EnumMap<A, P> to = new EnumMap<>(api);
            EnumMap<P, A> from = new EnumMap<>(proto);
            for (A a : EnumSet.allOf(api)) {
                P p = protoByName.get(prefix + a.name());
                if (p != null) {
                    to.put(a, p);
                    from.put(p, a);
                }
            }
            return new Pairs<>(Collections.unmodifiableMap(to), Collections.unmodifiableMap(from));
        }
    }
}
