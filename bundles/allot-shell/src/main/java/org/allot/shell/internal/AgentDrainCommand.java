package org.allot.shell.internal;

import java.io.PrintStream;
import java.time.Duration;

import org.allot.api.agent.DrainResult;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code allot:agent-drain}: kills every task of the agent in this Karaf with a terminal update,
 * waits (printing progress) until the master acknowledged them, then stops the agent.
 *
 * <p>NOTE: agent-side on purpose. Draining is what an operator does on the machine before taking
 * it down (an upgrade of the kernel, of Karaf, a reboot), and its last step stops this agent's
 * component, which only this Karaf can do; a plain stop ({@code system:shutdown}, {@code bundle:stop})
 * already keeps the tasks. The master learns of the drain from the agent (DRAINING, then DRAINED in
 * {@code allot:agent-list}) and offers nothing of it meanwhile.
 */
@Service
@Command(scope = "allot", name = "agent-drain", description = "Kills every task of the agent running in this Karaf"
        + " with a terminal update (reason AGENT_DRAINING), waits until the master acknowledged them, then stops the"
        + " agent (scr:enable org.allot.agent.internal.AgentComponent starts it again)")
public class AgentDrainCommand extends AgentCommandSupport {

    @Option(name = "--timeout", description = "Seconds to wait for the tasks to end and their updates to be"
            + " acknowledged; what still runs then is destroyed")
    long timeoutSeconds = 60;

    @Override
    public Object execute() throws Exception {
        if (timeoutSeconds < 1) {
            throw new CommandException("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        PrintStream out = System.out;
        DrainResult result;
        try {
            result = agent().drain(Duration.ofSeconds(timeoutSeconds), line -> {
                out.println(line);
                out.flush();
            });
        } catch (IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        if (result.timedOut()) {
            throw new CommandException("Drain timed out after " + timeoutSeconds + " s: " + result.unacknowledged()
                    + " update(s) not acknowledged (kept in the agent's checkpoint), " + result.destroyed()
                    + " container(s) destroyed");
        }
        return null;
    }
}
