package org.allot.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.allot.api.Resources;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.AllocatorStatus;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.RoleView;
import org.allot.api.operator.TaskView;
import org.apache.karaf.shell.support.CommandException;
import org.junit.Test;

/**
 * The allocator and role commands: what they print, what they ask the {@link Operator} to change,
 * and that a refusal becomes a one-line {@link CommandException} naming the problem.
 */
public class RoleCommandsTest {

    /** A hand-written operator keeping role settings as the master would, refusing as it would. */
    static final class RecordingOperator implements Operator {
        final List<String> calls = new ArrayList<>();
        final Map<String, Double> weights = new TreeMap<>();
        AllocatorStatus status = new AllocatorStatus(List.of("drf", "priority"), Optional.of("priority"),
                "it is the operator's choice");

        @Override
        public List<AgentView> agents() {
            return List.of();
        }

        @Override
        public List<FrameworkView> frameworks() {
            return List.of();
        }

        @Override
        public List<TaskView> tasks() {
            return List.of();
        }

        @Override
        public List<OfferView> offers() {
            return List.of();
        }

        @Override
        public List<String> allocators() {
            return status.available();
        }

        @Override
        public String activeAllocator() {
            return status.active().orElse("");
        }

        @Override
        public AllocatorStatus allocatorStatus() {
            return status;
        }

        @Override
        public void useAllocator(String name) {
            if (!status.available().contains(name)) {
                throw new IllegalArgumentException("unknown allocator '" + name + "'; known: " + status.available());
            }
            calls.add("use " + name);
        }

        @Override
        public void setWeight(String role, double weight) {
            if (weight <= 0) {
                throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                        + ": it must be finite and positive");
            }
            calls.add("weight " + role + " " + weight);
        }

        @Override
        public List<RoleView> roles() {
            return List.of(
                    new RoleView("batch", 1, 0, Optional.empty(), Resources.parse("cpus:6;mem:2048"), 0.75, 2),
                    new RoleView("prod", 2.5, 10, Optional.of(Resources.parse("cpus:2;mem:1024")),
                            Resources.parse("cpus:2;mem:1024"), 0.25, 1));
        }

        @Override
        public void setPriority(String role, int priority) {
            calls.add("priority " + role + " " + priority);
        }

        @Override
        public void setGuarantee(String role, Resources guarantee) {
            if (guarantee.scalar("cpus") > 8) {
                throw new IllegalArgumentException("guarantees of cpus:" + guarantee.scalar("cpus")
                        + " exceed the cluster's cpus:8");
            }
            calls.add("guarantee " + role + " " + guarantee);
        }

        @Override
        public void removeGuarantee(String role) {
            calls.add("no guarantee " + role);
        }
    }

    private final RecordingOperator operator = new RecordingOperator();

    private String render(OperatorCommandSupport command, boolean noFormat) {
        command.operator = operator;
        command.noFormat = noFormat;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.render(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void allocatorListMarksTheActiveOneAndSaysWhy() {
        assertEquals("drf\t\npriority\t*\n", render(new AllocatorListCommand(), true));
        String table = render(new AllocatorListCommand(), false);
        assertTrue(table, table.contains("Active: priority (it is the operator's choice)"));
    }

    @Test
    public void allocatorListSaysWhyNoneIsActive() {
        operator.status = new AllocatorStatus(List.of(), Optional.empty(), "no allocator is available");
        String table = render(new AllocatorListCommand(), false);
        assertTrue(table, table.contains("No allocator is active, so the master makes no offers:"
                + " no allocator is available"));
    }

    @Test
    public void roleListShowsEveryColumn() {
        String out = render(new RoleListCommand(), true);
        assertEquals("batch\t1\t0\t-\tcpus:6;mem:2048\t0.750\t2\n"
                + "prod\t2.5\t10\tcpus:2;mem:1024\tcpus:2;mem:1024\t0.250\t1\n", out);
        assertTrue(render(new RoleListCommand(), false).contains("Guarantee"));
    }

    @Test
    public void allocatorUseSwitchesOrNamesTheKnownOnes() throws Exception {
        AllocatorUseCommand use = new AllocatorUseCommand();
        use.operator = operator;
        use.name = "drf";
        use.execute();
        assertEquals(List.of("use drf"), operator.calls);

        use.name = "fair";
        CommandException e = assertThrows(CommandException.class, use::execute);
        assertEquals("unknown allocator 'fair'; known: [drf, priority]", e.getMessage());
    }

    @Test
    public void roleCommandsChangeThroughTheOperator() throws Exception {
        WeightSetCommand weight = new WeightSetCommand();
        weight.operator = operator;
        weight.role = "prod";
        weight.weight = 2;
        assertEquals("Role prod: weight 2", weight.change(operator));

        PrioritySetCommand priority = new PrioritySetCommand();
        priority.role = "prod";
        priority.priority = 10;
        assertEquals("Role prod: priority 10", priority.change(operator));

        GuaranteeSetCommand guarantee = new GuaranteeSetCommand();
        guarantee.role = "prod";
        guarantee.resources = "cpus:8;mem:16384";
        assertEquals("Role prod: guarantee cpus:8;mem:16384", guarantee.change(operator));

        GuaranteeRemoveCommand remove = new GuaranteeRemoveCommand();
        remove.role = "prod";
        remove.change(operator);

        assertEquals(List.of("weight prod 2.0", "priority prod 10", "guarantee prod cpus:8;mem:16384",
                "no guarantee prod"), operator.calls);
    }

    @Test
    public void refusalsAreOneLineCommandExceptions() {
        WeightSetCommand weight = new WeightSetCommand();
        weight.operator = operator;
        weight.role = "prod";
        weight.weight = -1;
        CommandException e = assertThrows(CommandException.class, weight::execute);
        assertEquals("invalid weight -1.0 for role prod: it must be finite and positive", e.getMessage());

        GuaranteeSetCommand tooBig = new GuaranteeSetCommand();
        tooBig.operator = operator;
        tooBig.role = "prod";
        tooBig.resources = "cpus:12";
        e = assertThrows(CommandException.class, tooBig::execute);
        assertEquals("guarantees of cpus:12.0 exceed the cluster's cpus:8", e.getMessage());

        GuaranteeSetCommand garbled = new GuaranteeSetCommand();
        garbled.operator = operator;
        garbled.role = "prod";
        garbled.resources = "cpus:lots";
        e = assertThrows(CommandException.class, garbled::execute);
        assertTrue(e.getMessage(), e.getMessage().startsWith("invalid guarantee 'cpus:lots': "));
        assertTrue(operator.calls.isEmpty());
    }
}
