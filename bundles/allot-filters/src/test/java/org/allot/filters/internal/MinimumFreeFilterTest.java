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
public class MinimumFreeFilterTest {

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return Stream.of(
                accepts("no minimum", candidate().free("")),
                accepts("exactly the minimum free", candidate().free("cpus:2;mem:1024").minimumFree("cpus:2;mem:1024")),
                accepts("more than the minimum free", candidate().free("cpus:8;mem:9000;disk:10").minimumFree("cpus:2")),
                refuses("too few cpus",
                        candidate().free("cpus:1;mem:512").minimumFree("cpus:2;mem:512"),
                        "agent a-3 has cpus:1;mem:512 free for framework f-1, which asks for at least cpus:2;mem:512:"
                                + " missing cpus:1"),
                refuses("fractions",
                        candidate().free("cpus:0.25;mem:4096").minimumFree("cpus:0.5;mem:8192"),
                        "agent a-3 has cpus:0.25;mem:4096 free for framework f-1, which asks for at least"
                                + " cpus:0.5;mem:8192: missing cpus:0.25;mem:4096"),
                refuses("nothing free",
                        candidate().offering("cpus:1").free("").minimumFree("cpus:1"),
                        "agent a-3 has no resources free for framework f-1, which asks for at least cpus:1:"
                                + " missing cpus:1"),
                refuses("resource the agent lacks entirely",
                        candidate().free("cpus:4;mem:4096").minimumFree("gpus:1"),
                        "agent a-3 has cpus:4;mem:4096 free for framework f-1, which asks for at least gpus:1:"
                                + " missing gpus:1"),
                refuses("ports partly taken",
                        candidate().free("cpus:1;ports:[31000-31004,31008-31010]").minimumFree("ports:[31000-31009]"),
                        "agent a-3 has cpus:1;ports:[31000-31004,31008-31010] free for framework f-1, which asks"
                                + " for at least ports:[31000-31009]: missing ports:[31005-31007]"),
                refuses("the last port of the long line",
                        candidate().free("ports:[0-9223372036854775806]").minimumFree("ports:[5-9223372036854775807]"),
                        "agent a-3 has ports:[0-9223372036854775806] free for framework f-1, which asks for at least"
                                + " ports:[5-9223372036854775807]: missing ports:[9223372036854775807-9223372036854775807]"),
                refuses("set item missing",
                        candidate().free("disks:{a,b}").minimumFree("disks:{b,c}"),
                        "agent a-3 has disks:{a,b} free for framework f-1, which asks for at least disks:{b,c}:"
                                + " missing disks:{c}"),
                accepts("own role's reservation counts towards an unreserved minimum",
                        candidate().framework("f-2", "prod").free("cpus:1;cpus(prod):1").minimumFree("cpus:2")),
                refuses("another role's reservation does not count",
                        candidate().free("cpus:1;cpus(prod):1").minimumFree("cpus:2"),
                        "agent a-3 has cpus:1 free for framework f-1, which asks for at least cpus:2: missing cpus:1"),
                refuses("a reserved minimum needs that role",
                        candidate().framework("f-2", "prod").free("cpus:4;cpus(prod):1").minimumFree("cpus(prod):2"),
                        "agent a-3 has cpus:4;cpus(prod):1 free for framework f-2, which asks for at least"
                                + " cpus(prod):2: missing cpus(prod):1"),
                accepts("free counts, not the offered part",
                        candidate().offering("cpus:1").free("cpus:4").minimumFree("cpus:3")))
                .map(FilterCase::row).collect(Collectors.toList());
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public FilterCase filterCase;

    @Test
    public void check() {
        filterCase.verify(new MinimumFreeFilter());
    }
}
