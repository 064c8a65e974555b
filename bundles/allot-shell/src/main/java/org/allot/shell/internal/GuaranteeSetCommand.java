package org.allot.shell.internal;

import org.allot.api.Resources;
import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "allot", name = "guarantee-set",
        description = "Guarantees a role a minimum of resources; refused if the guarantees would exceed the cluster")
public class GuaranteeSetCommand extends RoleCommandSupport {

    @Argument(index = 1, name = "resources", required = true,
            description = "What the role is guaranteed, e.g. \"cpus:8;mem:16384\" (quote it: ; ends a shell command)")
    String resources;

    @Override
    protected String change(Operator operator) throws CommandException {
        Resources guarantee;
        try {
            guarantee = Resources.parse(resources);
        } catch (IllegalArgumentException e) {
            throw new CommandException("invalid guarantee '" + resources + "': " + e.getMessage());
        }
        operator.setGuarantee(role, guarantee);
        return "Role " + role + ": guarantee " + guarantee;
    }
}
