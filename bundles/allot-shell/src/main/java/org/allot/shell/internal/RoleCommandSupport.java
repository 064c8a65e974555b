package org.allot.shell.internal;

import org.allot.api.operator.Operator;
import org.allot.shell.internal.completers.RoleCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/**
 * Base of the commands that change one role's setting through the {@link Operator}: the role is
 * the first argument (completed from the roles the master knows); a refusal (a bad value, a
 * guarantee beyond the cluster) is a one-line {@link CommandException}. The master keeps the
 * setting in its configuration, so it survives a restart.
 */
public abstract class RoleCommandSupport implements Action {

    @Reference
    protected Operator operator;

    @Argument(index = 0, name = "role", required = true, description = "The role, e.g. prod")
    @Completion(RoleCompleter.class)
    protected String role;

    @Override
    public Object execute() throws Exception {
        try {
            System.out.println(change(operator));
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        return null;
    }

    /** Makes the change; returns what to print, e.g. {@code Role prod: weight 2}. */
    protected abstract String change(Operator operator) throws CommandException;
}
