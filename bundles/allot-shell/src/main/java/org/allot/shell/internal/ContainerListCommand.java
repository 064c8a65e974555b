package org.allot.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.allot.api.agent.ContainerView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code allot:container-list}: the containers of the agent in this Karaf, with isolators, limits and usage. */
@Service
@Command(scope = "allot", name = "container-list", description = "Lists the containers of the agent running in this"
        + " Karaf, each with its isolators, limits and usage (cpu seconds, rss, processes)")
public class ContainerListCommand extends AgentCommandSupport {

    static final List<String> HEADERS = List.of("Container", "Framework", "Runs", "Pid", "Isolators", "Limits",
            "Recovered", "CPU (s)", "RSS (MB)", "Processes");

    @Override
    public Object execute() throws Exception {
        render(agent().containers(), System.out);
        return null;
    }

    void render(List<ContainerView> containers, PrintStream out) {
        print(out, HEADERS, containers.stream().map(ContainerListCommand::row).collect(Collectors.toList()));
    }

    static List<Object> row(ContainerView c) {
        String cpu = c.usage().map(u -> String.format(Locale.ROOT, "%.2f", u.cpuSeconds())).orElse("-");
        String rss = c.usage().filter(u -> u.rssBytes() >= 0)
                .map(u -> String.format(Locale.ROOT, "%.1f", u.rssBytes() / 1048576.0)).orElse("-");
        String procs = c.usage().filter(u -> u.processes() >= 0).map(u -> Integer.toString(u.processes())).orElse("-");
        return List.of(c.id(), c.frameworkId(), c.runs(), c.pid(), String.join(",", c.isolators()),
                OperatorCommandSupport.text(c.limits()), c.recovered(), cpu, rss, procs);
    }
}
