package org.allot.shell.internal;

import org.allot.api.agent.AgentOperator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/**
 * Base of the agent-side commands ({@code allot:container-list}, {@code allot:isolator-list},
 * {@code allot:agent-drain}): they act on the agent running in this Karaf through its
 * {@link AgentOperator} service only. Without an agent here they fail with one line saying so.
 */
public abstract class AgentCommandSupport implements Action {

    @Reference(optional = true)
    protected AgentOperator agent;

    @Option(name = "--no-format", description = "One tab-separated line per row, no header and no padding (for scripts)")
    protected boolean noFormat;

    /** The agent operator, or a CommandException naming the remedy. */
    protected AgentOperator agent() throws CommandException {
        if (agent == null) {
            throw new CommandException("No Allot agent runs in this Karaf: install the allot-agent feature (with an"
                    + " isolator feature such as allot-isolation-posix), or enable its component with scr:enable"
                    + " org.allot.agent.internal.AgentComponent after a drain");
        }
        return agent;
    }

    /** Prints a table, or with {@code --no-format} one tab-separated line per row. */
    protected void print(java.io.PrintStream out, java.util.List<String> headers, java.util.List<java.util.List<Object>> rows) {
        if (noFormat) {
            for (java.util.List<Object> row : rows) {
                out.println(row.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("\t")));
            }
            return;
        }
        org.apache.karaf.shell.support.table.ShellTable table = new org.apache.karaf.shell.support.table.ShellTable();
        headers.forEach(table::column);
        rows.forEach(r -> table.addRow().addContent(r));
        table.print(out, true);
    }
}
