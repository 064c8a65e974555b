package org.allot.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.agent.AgentHealth;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;
import org.junit.Test;

/** The list commands print what the {@link Operator} says, one row per item, with and without borders. */
public class ListCommandsTest {

    /** A hand-written operator with one of everything (two tasks of different frameworks). */
    static final class FakeOperator implements Operator {
        @Override
        public List<AgentView> agents() {
            return List.of(new AgentView(new AgentId("a-1"), "node1", 5051, Resources.parse("cpus:4;mem:4096"),
                    Resources.parse("cpus:1;mem:512"), Attributes.parse("rack:r1"), true),
                    new AgentView(new AgentId("a-2"), "node2", 5051, Resources.parse("cpus:2"), Resources.empty(),
                            Attributes.parse(""), true, new AgentHealth(AgentHealth.State.DEGRADED,
                            "isolator 'cgroups/mem' of isolation=cgroups/mem,posix is not available")));
        }

        @Override
        public List<FrameworkView> frameworks() {
            return List.of(new FrameworkView(new FrameworkId("f-1"), "bag", "*", Optional.empty(), true,
                    Resources.parse("cpus:1;mem:512"), Resources.empty(), 0.25, 1));
        }

        @Override
        public List<TaskView> tasks() {
            return List.of(
                    new TaskView(new TaskId("t-1"), new FrameworkId("f-1"), new AgentId("a-1"), TaskState.RUNNING,
                            Resources.parse("cpus:1;mem:512"), "sleep"),
                    new TaskView(new TaskId("t-2"), new FrameworkId("f-2"), new AgentId("a-1"), TaskState.STAGING,
                            Resources.parse("cpus:0.5"), "echo"));
        }

        @Override
        public List<OfferView> offers() {
            return List.of(new OfferView(new OfferId("o-7"), new FrameworkId("f-1"), new AgentId("a-1"),
                    Resources.parse("cpus:3;mem:3584"), Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public List<String> allocators() {
            return List.of("drf");
        }

        @Override
        public String activeAllocator() {
            return "drf";
        }

        @Override
        public void useAllocator(String name) {
            throw new IllegalArgumentException("unknown allocator '" + name + "'; known: [drf]");
        }

        @Override
        public void setWeight(String role, double weight) {
        }

        @Override
        public org.allot.api.operator.AllocatorStatus allocatorStatus() {
            return new org.allot.api.operator.AllocatorStatus(List.of("drf"), Optional.of("drf"),
                    "it is the best match of allocator.target (objectClass=*)");
        }

        @Override
        public List<org.allot.api.operator.RoleView> roles() {
            return List.of();
        }

        @Override
        public void setPriority(String role, int priority) {
        }

        @Override
        public void setGuarantee(String role, Resources guarantee) {
        }

        @Override
        public void removeGuarantee(String role) {
        }
    }

    private static String render(OperatorCommandSupport command, boolean noFormat) {
        command.operator = new FakeOperator();
        command.noFormat = noFormat;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.render(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void agentListShowsResourcesAndAttributes() {
        String out = render(new AgentListCommand(), false);
        assertTrue(out, out.contains("a-1"));
        assertTrue(out, out.contains("node1"));
        assertTrue(out, out.contains("cpus:4;mem:4096"));
        assertTrue(out, out.contains("rack:r1"));
        assertTrue("table has a header line", out.contains("Hostname"));
    }

    @Test
    public void agentListSaysWhyAnAgentIsDegraded() {
        String out = render(new AgentListCommand(), true);
        assertTrue(out, out.contains("a-2\tnode2\t5051\ttrue\tcpus:2\t-\t-\tDEGRADED (isolator 'cgroups/mem' of"
                + " isolation=cgroups/mem,posix is not available)"));
    }

    @Test
    public void noFormatPrintsOneUnpaddedTabSeparatedLinePerRow() {
        String out = render(new AgentListCommand(), true);
        String[] lines = out.strip().split("\n");
        assertEquals("one line per agent, no header:\n" + out, 2, lines.length);
        assertEquals("a-1\tnode1\t5051\ttrue\tcpus:4;mem:4096\tcpus:1;mem:512\track:r1\tACTIVE", lines[0]);
        assertFalse(out, out.contains("-----"));
    }

    @Test
    public void frameworkListShowsShareAndEmptyOffered() {
        String out = render(new FrameworkListCommand(), true);
        assertTrue(out, out.contains("f-1\tbag\t*\t-\ttrue\t1\tcpus:1;mem:512\t-\t0.250"));
    }

    @Test
    public void taskListFiltersByFramework() {
        TaskListCommand command = new TaskListCommand();
        command.framework = "f-2";
        String out = render(command, true);
        assertTrue(out, out.contains("t-2"));
        assertFalse(out, out.contains("t-1"));
        assertTrue(out, out.contains("STAGING"));
    }

    @Test
    public void offerListShowsTheOffer() {
        String out = render(new OfferListCommand(), true);
        assertTrue(out, out.contains("o-7\tf-1\ta-1\tcpus:3;mem:3584\t2026-01-01T00:00:00Z"));
    }
}
