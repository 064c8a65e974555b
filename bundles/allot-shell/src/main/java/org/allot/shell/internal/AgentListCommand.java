package org.allot.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.operator.AgentView;
import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "agent-list", description = "Lists the agents the master knows, with total and allocated resources and their status"
        + " (ACTIVE, or DEGRADED/DRAINING/DRAINED with the reason the agent gives, e.g. a missing isolator)")
public class AgentListCommand extends OperatorCommandSupport {

    @Override
    protected List<String> headers() {
        return List.of("ID", "Hostname", "Port", "Active", "Total", "Allocated", "Attributes", "Status");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        return operator.agents().stream().map(AgentListCommand::row).collect(Collectors.toList());
    }

    static List<Object> row(AgentView agent) {
        return List.of(agent.id(), agent.hostname(), agent.port(), agent.active(),
                text(agent.total()), text(agent.allocated()), text(agent.attributes()), agent.health());
    }
}
