package org.allot.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.allot.api.operator.Operator;
import org.allot.api.operator.RoleView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "role-list",
        description = "Lists the roles with their weight, priority, guarantee, allocation and dominant share")
public class RoleListCommand extends OperatorCommandSupport {

    @Override
    protected List<String> headers() {
        return List.of("Role", "Weight", "Priority", "Guarantee", "Allocation", "Share", "Frameworks");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        return operator.roles().stream().map(RoleListCommand::row).collect(Collectors.toList());
    }

    static List<Object> row(RoleView role) {
        return List.of(role.name(), number(role.weight()), role.priority(),
                role.guarantee().map(OperatorCommandSupport::text).orElse("-"), text(role.allocation()),
                String.format(Locale.ROOT, "%.3f", role.dominantShare()), role.frameworks());
    }

    /** 2 rather than 2.0; 1.5 as it is. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
