package org.allot.shell.internal;

import org.allot.api.operator.Operator;
import org.allot.shell.internal.completers.AllocatorNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code allot:allocator-use NAME}: the master pauses the active allocator, seeds the named one from
 * its registry and resumes with it; offers and tasks are untouched. The choice is kept in the
 * master's configuration, so it survives a restart.
 */
@Service
@Command(scope = "allot", name = "allocator-use",
        description = "Switches the master to another allocator, live; running tasks and outstanding offers stay")
public class AllocatorUseCommand implements Action {

    @Reference
    Operator operator;

    @Argument(index = 0, name = "name", required = true, description = "The allocator's name, e.g. drf or priority")
    @Completion(AllocatorNameCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        try {
            operator.useAllocator(name);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        System.out.println("Allocator is now " + name);
        return null;
    }
}
