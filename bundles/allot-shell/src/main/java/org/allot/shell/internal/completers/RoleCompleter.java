package org.allot.shell.internal.completers;

import java.util.List;
import java.util.TreeSet;

import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.RoleView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes role names: the roles the master knows and those its frameworks use. */
@Service
public class RoleCompleter implements Completer {

    @Reference
    Operator operator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> roles = new TreeSet<>();
        operator.roles().stream().map(RoleView::name).forEach(roles::add);
        operator.frameworks().stream().map(FrameworkView::role).forEach(roles::add);
        return new StringsCompleter(roles).complete(session, commandLine, candidates);
    }
}
