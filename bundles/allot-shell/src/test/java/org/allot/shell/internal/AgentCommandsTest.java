package org.allot.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.allot.api.Resources;
import org.allot.api.agent.ContainerView;
import org.allot.api.agent.IsolatorView;
import org.apache.karaf.shell.support.CommandException;
import org.junit.Test;

/** The agent-side commands print what the AgentOperator says, and say plainly when no agent runs here. */
public class AgentCommandsTest {

    private static String out(java.util.function.Consumer<PrintStream> render) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        render.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void containerListShowsIsolatorsLimitsAndUsage() {
        ContainerListCommand c = new ContainerListCommand();
        c.noFormat = true;
        String out = out(o -> c.render(List.of(
                new ContainerView("c-1", "f-1", "task t-1", 4242, List.of("cgroups/mem", "posix"),
                        Resources.parse("cpus:0.5;mem:64"), true,
                        Optional.of(new ContainerView.Usage(1.5, 8 * 1048576L, 3))),
                new ContainerView("c-2", "f-1", "executor e-1", 4343, List.of("posix"), Resources.parse("cpus:1"),
                        false, Optional.empty())), o));
        String[] lines = out.strip().split("\n");
        assertEquals("c-1\tf-1\ttask t-1\t4242\tcgroups/mem,posix\tcpus:0.5;mem:64\ttrue\t1.50\t8.0\t3", lines[0]);
        assertEquals("c-2\tf-1\texecutor e-1\t4343\tposix\tcpus:1\tfalse\t-\t-\t-", lines[1]);
    }

    @Test
    public void isolatorListShowsTheConfiguredOrderAndWhatIsMissing() {
        IsolatorListCommand c = new IsolatorListCommand();
        String out = out(o -> c.render(List.of(new IsolatorView("cgroups/mem", 0, false, 0),
                new IsolatorView("posix", 1, true, 2), new IsolatorView("projects", -1, true, 0)), o));
        assertTrue(out, out.contains("Position"));
        assertTrue(out, out.matches("(?s).*1 +\\| cgroups/mem +\\| MISSING.*"));
        assertTrue(out, out.matches("(?s).*- +\\| projects +\\| yes.*"));
    }

    @Test
    public void withoutAnAgentTheCommandsSaySoInOneLine() {
        CommandException e = assertThrows(CommandException.class, () -> new ContainerListCommand().execute());
        assertTrue(e.getMessage(), e.getMessage().startsWith("No Allot agent runs in this Karaf: install the"
                + " allot-agent feature"));
        assertThrows(CommandException.class, () -> new AgentDrainCommand().execute());
    }
}
