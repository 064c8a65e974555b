package org.allot.shell.internal;

import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "guarantee-remove", description = "Removes a role's guarantee")
public class GuaranteeRemoveCommand extends RoleCommandSupport {

    @Override
    protected String change(Operator operator) {
        operator.removeGuarantee(role);
        return "Role " + role + ": no guarantee";
    }
}
