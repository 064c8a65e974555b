package org.allot.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.allot.api.FrameworkInfo;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.junit.Test;

/**
 * Every value of every enum {@link Wire} maps, on both sides, has a partner: a value added to the
 * API or to {@code model.proto} without one fails here, naming it. Only {@code UNRECOGNIZED} and
 * the zero {@code *_UNSPECIFIED} values have none, on purpose. Each value goes through
 * {@link Wire}'s public conversions and must come back as itself.
 */
public class WireEnumsTest {

    @Test
    public void everyApiTaskStateHasAWireForm() {
        assertEveryValueRoundTrips(EnumSet.allOf(TaskState.class), s -> Wire.fromProto(Wire.toProto(s)));
    }

    @Test
    public void everyWireTaskStateIsAnApiState() {
        assertEveryValueRoundTrips(known(EnumSet.allOf(org.allot.protocol.proto.TaskState.class)),
                s -> Wire.toProto(Wire.fromProto(s)));
    }

    @Test
    public void everyApiSourceAndReasonHasAWireForm() {
        assertEveryValueRoundTrips(EnumSet.allOf(TaskStatus.Source.class),
                s -> Wire.fromProto(Wire.toProto(status(s).build())).source());
        assertEveryValueRoundTrips(EnumSet.allOf(TaskStatus.Reason.class),
                r -> Wire.fromProto(Wire.toProto(status(TaskStatus.Source.AGENT).reason(r).build())).reason().orElseThrow());
    }

    @Test
    public void everyWireSourceAndReasonIsAnApiOne() {
        org.allot.protocol.proto.TaskStatus base = Wire.toProto(status(TaskStatus.Source.AGENT).build());
        assertEveryValueRoundTrips(known(EnumSet.allOf(org.allot.protocol.proto.TaskStatus.Source.class)),
                s -> Wire.toProto(Wire.fromProto(base.toBuilder().setSource(s).build())).getSource());
        assertEveryValueRoundTrips(known(EnumSet.allOf(org.allot.protocol.proto.TaskStatus.Reason.class)),
                r -> Wire.toProto(Wire.fromProto(base.toBuilder().setReason(r).build())).getReason());
    }

    @Test
    public void everyWireCapabilityIsAnApiCapability() {
        org.allot.protocol.proto.FrameworkInfo base = Wire.toProto(FrameworkInfo.builder("spark", "alice").build());
        assertEveryValueRoundTrips(known(EnumSet.allOf(org.allot.protocol.proto.FrameworkInfo.Capability.class)),
                c -> Wire.toProto(Wire.fromProto(base.toBuilder().addCapabilities(c).build())).getCapabilities(0));
    }

    @Test
    public void theTablesHoldEveryKnownValueAndNothingElse() {
        assertEquals(known(EnumSet.allOf(org.allot.protocol.proto.TaskState.class)),
                Set.copyOf(WireEnums.TASK_STATES.fromProto().keySet()));
        assertEquals(EnumSet.allOf(TaskStatus.Reason.class), Set.copyOf(WireEnums.REASONS.toProto().keySet()));
        assertEquals(List.of("PARTITION_AWARE", "TASK_KILLING_STATE", "REVOCABLE_RESOURCES", "MULTI_ROLE"),
                List.copyOf(WireEnums.CAPABILITIES.keySet()));
    }

    private static TaskStatus.Builder status(TaskStatus.Source source) {
        return TaskStatus.builder(TaskId.of("t-1"), TaskState.RUNNING, source, Instant.EPOCH);
    }

    /** The values a peer may send: all but UNRECOGNIZED and the zero "unspecified" one. */
    private static <E extends Enum<E>> Set<E> known(EnumSet<E> all) {
        all.removeIf(e -> e.name().equals("UNRECOGNIZED") || e.name().endsWith("_UNSPECIFIED"));
        assertTrue("an enum without values", !all.isEmpty());
        return all;
    }

    /** Collects every value without a partner, so one run names them all. */
    private static <E> void assertEveryValueRoundTrips(Set<E> values, Function<E, E> roundTrip) {
        List<String> broken = new ArrayList<>();
        for (E value : values) {
            try {
                E back = roundTrip.apply(value);
                if (!value.equals(back)) {
                    broken.add(value + " came back as " + back);
                }
            } catch (IllegalArgumentException e) {
                broken.add(value + ": " + e.getMessage());
            }
        }
        if (!broken.isEmpty()) {
            fail("values without a partner on the other side: " + broken);
        }
    }
}
