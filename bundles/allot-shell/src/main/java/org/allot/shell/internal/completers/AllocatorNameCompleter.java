package org.allot.shell.internal.completers;

import java.util.List;

import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the allocators available now. */
@Service
public class AllocatorNameCompleter implements Completer {

    @Reference
    Operator operator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(operator.allocatorStatus().available()).complete(session, commandLine, candidates);
    }
}
