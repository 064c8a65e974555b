package org.allot.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.agent.IsolatorView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code allot:isolator-list}: the configured isolation order of the agent in this Karaf, and what is available. */
@Service
@Command(scope = "allot", name = "isolator-list", description = "Lists the isolators of the agent running in this"
        + " Karaf: the configured ones in order (missing ones marked), then the available ones not configured")
public class IsolatorListCommand extends AgentCommandSupport {

    static final List<String> HEADERS = List.of("Position", "Isolator", "Available", "Containers");

    @Override
    public Object execute() throws Exception {
        render(agent().isolators(), System.out);
        return null;
    }

    void render(List<IsolatorView> isolators, PrintStream out) {
        print(out, HEADERS, isolators.stream().map(IsolatorListCommand::row).collect(Collectors.toList()));
    }

    static List<Object> row(IsolatorView i) {
        return List.of(i.configured() ? Integer.toString(i.position() + 1) : "-", i.name(),
                i.available() ? "yes" : "MISSING", i.containers());
    }
}
