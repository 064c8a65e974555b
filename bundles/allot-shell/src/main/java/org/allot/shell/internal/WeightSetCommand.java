package org.allot.shell.internal;

import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "weight-set",
        description = "Sets a role's weight (default 1): weight 2 is entitled to twice the share of weight 1")
public class WeightSetCommand extends RoleCommandSupport {

    @Argument(index = 1, name = "weight", required = true, description = "A positive number, e.g. 2 or 0.5")
    double weight;

    @Override
    protected String change(Operator operator) {
        operator.setWeight(role, weight);
        return "Role " + role + ": weight " + RoleListCommand.number(weight);
    }
}
