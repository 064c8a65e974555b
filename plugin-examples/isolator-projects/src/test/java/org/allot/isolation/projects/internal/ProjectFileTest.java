package org.allot.isolation.projects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ProjectFileTest {

    private static final String FILE = "# name:id:comment:users:groups:attributes\n"
            + "\n"
            + "batch:100:nightly jobs:*::project.max-processes=(priv,100,deny);project.max-memory=(priv,512M,deny)\n"
            + "web:101:services:alice,bob:www,ops:project.cpu-shares=(priv,20,none)\n"
            + "default:3::::\n";

    @Test
    public void parsesTheSolarisShape() {
        Map<String, Project> p = ProjectFile.parse(FILE, "etc/allot-projects");
        assertEquals(List.of("batch", "web", "default"), List.copyOf(p.keySet()));
        Project batch = p.get("batch");
        assertEquals(100, batch.id());
        assertEquals("nightly jobs", batch.comment());
        assertEquals(List.of("*"), batch.users());
        assertEquals(List.of(), batch.groups());
        assertEquals(new ResourceControl("project.max-processes", "priv", 100, "deny"),
                batch.control(ResourceControl.MAX_PROCESSES).orElseThrow());
        assertEquals(512L << 20, batch.control(ResourceControl.MAX_MEMORY).orElseThrow().value());
        Project web = p.get("web");
        assertEquals(List.of("alice", "bob"), web.users());
        assertEquals(List.of("www", "ops"), web.groups());
        assertFalse(web.control(ResourceControl.CPU_SHARES).orElseThrow().enforced());
        assertTrue(p.get("default").controls().isEmpty());
    }

    @Test
    public void memorySuffixesArePowersOf1024() {
        record Case(String value, long bytes) { }
        for (Case c : List.of(new Case("1024", 1024), new Case("64K", 64L << 10), new Case("512m", 512L << 20),
                new Case("2G", 2L << 30), new Case("1T", 1L << 40))) {
            Project p = ProjectFile.parse("p:1::::project.max-memory=(priv," + c.value() + ",deny)", "f").get("p");
            assertEquals(c.value(), c.bytes(), p.control(ResourceControl.MAX_MEMORY).orElseThrow().value());
        }
    }

    @Test
    public void errorsNameTheLineTheFieldAndWhatWasExpected() {
        record Case(String name, String text, String message) { }
        for (Case c : List.of(
                new Case("too few fields", "batch:100:x", "f line 1: expected 6 fields name:id:comment:users:groups:"
                        + "attributes but found 3 in 'batch:100:x'"),
                new Case("bad name", "9lives:1::::", "f line 1, field 1 (name): expected a name of letters, digits, '_',"
                        + " '-' and '.' starting with a letter but found '9lives'"),
                new Case("bad id", "# c\nbatch:x::::", "f line 2, field 2 (id): expected a non-negative integer but"
                        + " found 'x'"),
                new Case("duplicate name", "a:1::::\na:2::::", "f line 2, field 1 (name): expected a project name used"
                        + " once, but 'a' is declared again"),
                new Case("duplicate id", "a:1::::\nb:1::::", "f line 2, field 2 (id): expected a project id used once,"
                        + " but 1 is also project 'a'"),
                new Case("malformed attribute", "a:1::::project.max-processes=100", "f line 1, field 6 (attributes):"
                        + " expected attributes like project.max-processes=(priv,100,deny), each"
                        + " name=(basic|priv|system,value,deny|none), separated by ';', but found"
                        + " 'project.max-processes=100'"),
                new Case("unknown attribute", "a:1::::project.max-lwps=(priv,10,deny)", "f line 1, field 6"
                        + " (attributes): expected one of the supported attributes [project.cpu-shares,"
                        + " project.max-memory, project.max-processes] but found 'project.max-lwps'"),
                new Case("suffix on a count", "a:1::::project.max-processes=(priv,10K,deny)", "f line 1, field 6"
                        + " (attributes): expected a plain number for project.max-processes but found '10K' (K, M, G"
                        + " and T suffixes are for project.max-memory)"),
                new Case("zero", "a:1::::project.cpu-shares=(priv,0,none)", "f line 1, field 6 (attributes):"
                        + " expected a positive value for project.cpu-shares but found '0'"),
                new Case("twice", "a:1::::project.cpu-shares=(priv,1,none);project.cpu-shares=(priv,2,none)",
                        "f line 1, field 6 (attributes): expected each attribute once, but 'project.cpu-shares' is"
                                + " given twice"))) {
            ProjectFileException e = assertThrows(c.name(), ProjectFileException.class,
                    () -> ProjectFile.parse(c.text(), "f"));
            assertEquals(c.name(), c.message(), e.getMessage());
        }
    }

    @Test
    public void cpuSharesBecomeNiceLevels() {
        assertEquals(0, ProjectIsolator.niceFor(10));
        assertEquals(0, ProjectIsolator.niceFor(100));
        assertEquals(3, ProjectIsolator.niceFor(5));
        assertEquals(10, ProjectIsolator.niceFor(1));
    }
}
