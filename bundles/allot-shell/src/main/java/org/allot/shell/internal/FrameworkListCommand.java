package org.allot.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "framework-list", description = "Lists the frameworks with their role, allocation and dominant share")
public class FrameworkListCommand extends OperatorCommandSupport {

    @Override
    protected List<String> headers() {
        return List.of("ID", "Name", "Role", "Principal", "Connected", "Tasks", "Allocated", "Offered", "Share");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        return operator.frameworks().stream().map(FrameworkListCommand::row).collect(Collectors.toList());
    }

    static List<Object> row(FrameworkView framework) {
        return List.of(framework.id(), framework.name(), framework.role(), framework.principal().orElse("-"),
                framework.connected(), framework.tasks(), text(framework.allocated()), text(framework.offered()),
                String.format(Locale.ROOT, "%.3f", framework.dominantShare()));
    }
}
