package org.allot.shell.internal;

import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "priority-set",
        description = "Sets a role's priority (default 0): with a strict-priority allocator, higher is offered first")
public class PrioritySetCommand extends RoleCommandSupport {

    @Argument(index = 1, name = "priority", required = true, description = "A whole number, e.g. 10")
    int priority;

    @Override
    protected String change(Operator operator) {
        operator.setPriority(role, priority);
        return "Role " + role + ": priority " + priority;
    }
}
