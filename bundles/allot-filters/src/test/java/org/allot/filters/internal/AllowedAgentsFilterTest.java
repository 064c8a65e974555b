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
public class AllowedAgentsFilterTest {

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return Stream.of(
                accepts("no allow list allows every agent", candidate()),
                accepts("listed by id", candidate().allowed("a-1", "a-3")),
                accepts("listed by hostname", candidate().agent("a-3", "node3.example").allowed("node3.example")),
                refuses("not listed",
                        candidate().allowed("a-1", "h2"),
                        "agent a-3 (host h3) is not in framework f-1's allowed agents [a-1, h2]"),
                refuses("empty list allows nothing",
                        candidate().allowed(),
                        "agent a-3 (host h3) is not allowed: framework f-1's allowed-agents list is empty,"
                                + " so it accepts no agent"),
                refuses("ids are matched exactly, not as prefixes",
                        candidate().agent("a-30", "h30").allowed("a-3", "h3"),
                        "agent a-30 (host h30) is not in framework f-1's allowed agents [a-3, h3]"),
                refuses("hostnames are case sensitive as given",
                        candidate().agent("a-3", "Node3").framework("f-7", "*").allowed("node3"),
                        "agent a-3 (host Node3) is not in framework f-7's allowed agents [node3]"),
                accepts("the minimum is not this filter's business",
                        candidate().allowed("a-3").minimumFree("cpus:100")))
                .map(FilterCase::row).collect(Collectors.toList());
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public FilterCase filterCase;

    @Test
    public void check() {
        filterCase.verify(new AllowedAgentsFilter());
    }
}
