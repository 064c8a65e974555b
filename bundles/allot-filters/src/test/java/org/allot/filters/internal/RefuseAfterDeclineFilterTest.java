package org.allot.filters.internal;

import static org.allot.filters.internal.Candidates.candidate;
import static org.allot.filters.internal.FilterCase.accepts;
import static org.allot.filters.internal.FilterCase.refuses;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

@RunWith(Parameterized.class)
public class RefuseAfterDeclineFilterTest {

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return Stream.of(
                accepts("no declines", candidate()),
                refuses("same agent, same resources, 3.2 s left",
                        candidate().offering("cpus:4;mem:4096").declined("a-3", "cpus:4;mem:4096", 5)
                                .atSecondsAfterNoon(1.8),
                        "framework f-1 declined cpus:4;mem:4096 of agent a-3 until 12:00:05.000Z (3.2 s left)"),
                refuses("smaller offer than declined is refused",
                        candidate().offering("cpus:1").declined("a-3", "cpus:4;mem:4096", 5),
                        "framework f-1 declined cpus:4;mem:4096 of agent a-3 until 12:00:05.000Z (5 s left)"),
                accepts("larger offer than declined is made",
                        candidate().offering("cpus:8;mem:4096").declined("a-3", "cpus:4;mem:4096", 5)),
                accepts("decline of another agent",
                        candidate().declined("a-4", "cpus:4;mem:4096", 5)),
                accepts("decline expired exactly now",
                        candidate().declined("a-3", "cpus:4;mem:4096", 5).atSecondsAfterNoon(5)),
                accepts("decline expired earlier",
                        candidate().declined("a-3", "cpus:4;mem:4096", 5).atSecondsAfterNoon(9)),
                refuses("one millisecond before expiry",
                        candidate().declined("a-3", "cpus:4;mem:4096", 5).atSecondsAfterNoon(4.999),
                        "framework f-1 declined cpus:4;mem:4096 of agent a-3 until 12:00:05.000Z (0.001 s left)"),
                refuses("of two covering declines the later one is named",
                        candidate().declined("a-3", "cpus:4;mem:4096", 5).declined("a-3", "cpus:8;mem:8192", 30)
                                .declined("a-3", "cpus:4;mem:4096", 10),
                        "framework f-1 declined cpus:8;mem:8192 of agent a-3 until 12:00:30.000Z (30 s left)"),
                refuses("only the covering decline counts",
                        candidate().declined("a-3", "cpus:1", 60).declined("a-3", "cpus:4;mem:4096", 2),
                        "framework f-1 declined cpus:4;mem:4096 of agent a-3 until 12:00:02.000Z (2 s left)"),
                refuses("reserved resources declined",
                        candidate().framework("f-2", "prod").offering("cpus(prod):2")
                                .declined("a-3", "cpus(prod):2;mem(prod):512", 5),
                        "framework f-2 declined cpus(prod):2;mem(prod):512 of agent a-3 until 12:00:05.000Z (5 s left)"),
                refuses("a decline longer than a day shows the date",
                        candidate().declined("a-3", "cpus:4;mem:4096", 2 * 86400 + 0.5),
                        "framework f-1 declined cpus:4;mem:4096 of agent a-3 until 2026-01-03T12:00:00.500Z"
                                + " (172800.5 s left)"),
                accepts("unreserved decline does not cover reserved offer",
                        candidate().framework("f-2", "prod").offering("cpus(prod):2").declined("a-3", "cpus:2", 5)))
                .map(FilterCase::row).collect(Collectors.toList());
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public FilterCase filterCase;

    @Test
    public void check() {
        filterCase.verify(new RefuseAfterDeclineFilter());
    }
}
