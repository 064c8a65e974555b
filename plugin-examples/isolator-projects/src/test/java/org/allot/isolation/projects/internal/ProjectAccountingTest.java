package org.allot.isolation.projects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.spi.isolation.ContainerId;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Membership, sums and violations over a fake /proc. */
public class ProjectAccountingTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path proc;
    private final Project batch = ProjectFile.parse("batch:100::::project.max-processes=(priv,4,deny);"
            + "project.max-memory=(priv,10M,deny)", "f").get("batch");
    private final ContainerId c1 = ContainerId.of("c1");
    private final ContainerId c2 = ContainerId.of("c2");

    @Before
    public void fakeProc() throws IOException {
        proc = tmp.newFolder("proc").toPath();
        Files.createDirectories(proc.resolve("self")); // not a pid: ignored
    }

    /** A /proc/PID/stat line with the fields accounting reads (rss in 4 KiB pages). */
    private void process(long pid, String comm, char state, long ppid, long session, long start, long rssPages)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + session
                + " 0 -1 4194304 100 0 0 0 5 3 0 0 20 0 1 0 " + start + " 1000000 " + rssPages + " 18446744073709551615\n");
    }

    @Test
    public void membersAreTheSessionItsDescendantsAndKnownEscapeesButNotZombiesOrOthers() throws IOException {
        process(10, "sh", 'S', 1, 10, 500, 256);                 // c1's root: 1 MiB
        process(11, "worker (x) y", 'R', 10, 10, 501, 512);       // same session, odd comm
        process(12, "daemon", 'S', 11, 12, 502, 256);            // made its own session, child of a member
        process(13, "zombie", 'Z', 10, 10, 503, 0);              // zombies count for nothing
        process(20, "sh", 'S', 1, 20, 600, 256);                 // c2's root
        process(30, "other", 'S', 1, 30, 700, 99_999);           // in no container
        ProjectAccounting.Member m1 = new ProjectAccounting.Member(c1, batch, 10);
        ProjectAccounting.Member m2 = new ProjectAccounting.Member(c2, batch, 20);
        Map<ContainerId, ProjectAccounting.Usage> u = ProjectAccounting.measure(List.of(m1, m2), ProcessTable.scan(proc));
        assertEquals(new ProjectAccounting.Usage(3, (256 + 512 + 256) * 4096L), u.get(c1));
        assertEquals(new ProjectAccounting.Usage(1, 256 * 4096L), u.get(c2));

        // The daemon's parent exits: it is reparented to init and is found only because it was seen.
        Files.walk(proc.resolve("11")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        process(12, "daemon", 'S', 1, 12, 502, 256);
        u = ProjectAccounting.measure(List.of(m1, m2), ProcessTable.scan(proc));
        assertEquals(2, u.get(c1).processes());
        // A new process with the daemon's pid but another start time is not the daemon.
        process(12, "reused", 'S', 1, 12, 999, 256);
        u = ProjectAccounting.measure(List.of(m1, m2), ProcessTable.scan(proc));
        assertEquals(1, u.get(c1).processes());
    }

    @Test
    public void aProjectOverMaxProcessesEndsItsLargestUserWithAMessageNamingEverything() {
        Map<ContainerId, ProjectAccounting.Usage> u = Map.of(c1, new ProjectAccounting.Usage(2, 0),
                c2, new ProjectAccounting.Usage(3, 0));
        ProjectAccounting.Violation v = ProjectAccounting.check(batch, u).orElseThrow();
        assertEquals(c2, v.container());
        assertEquals(5, v.projectUsage());
        assertEquals("project 'batch' (id 100) passed project.max-processes=4 (project.max-processes=(priv,4,deny)):"
                + " its containers use 5 processes; ending container c2, its largest user with 3 of them", v.message());
    }

    @Test
    public void atTheLimitIsAllowedAndMemoryIsSummedAcrossContainers() {
        assertEquals(Optional.empty(), ProjectAccounting.check(batch, Map.of(c1, new ProjectAccounting.Usage(4, 0))));
        Map<ContainerId, ProjectAccounting.Usage> u = Map.of(c1, new ProjectAccounting.Usage(1, 6L << 20),
                c2, new ProjectAccounting.Usage(1, 5L << 20));
        ProjectAccounting.Violation v = ProjectAccounting.check(batch, u).orElseThrow();
        assertEquals(ResourceControl.MAX_MEMORY, v.control().attribute());
        assertEquals(c1, v.container());
        assertTrue(v.message(), v.message().contains("its containers use 11.0 MB; ending container c1, its largest"
                + " user with 6.0 MB"));
    }

    @Test
    public void noneActionIsNotEnforced() {
        Project p = ProjectFile.parse("p:1::::project.max-processes=(priv,1,none)", "f").get("p");
        assertEquals(Optional.empty(), ProjectAccounting.check(p, Map.of(c1, new ProjectAccounting.Usage(50, 0))));
    }
}
