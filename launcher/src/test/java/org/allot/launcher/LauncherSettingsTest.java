package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.allot.agent.internal.AgentConfig;
import org.allot.master.internal.MasterConfig;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code --set}, {@code --config} and the named options of {@link MasterMain} and {@link AgentMain}. */
public class LauncherSettingsTest {

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    private final PrintStream notesOut = new PrintStream(notes, true, StandardCharsets.UTF_8);

    @Test
    public void theNamedOptionsKeepWorking() {
        MasterConfig m = MasterMain.config(new String[] {"--port", "0", "--offer-timeout", "1.5",
                "--allocation-interval=2"}, notesOut);
        assertEquals(0, m.port());
        assertEquals(Duration.ofMillis(1500), m.offerTimeout());
        assertEquals(Duration.ofSeconds(2), m.allocationInterval());

        AgentConfig a = AgentMain.config(new String[] {"--master", "10.0.0.1:6000", "--port", "0", "--work-dir",
                "/tmp/w", "--kill-grace", "3"}, notesOut);
        assertEquals("10.0.0.1", a.masterHost());
        assertEquals(6000, a.masterPort());
        assertEquals(Path.of("/tmp/w"), a.workDir());
        assertEquals(Duration.ofSeconds(3), a.killGrace());
    }

    @Test
    public void setIsRepeatableAndOverridesTheFileAndTheOptions() throws IOException {
        Path file = dir.newFile("master.properties").toPath();
        Files.writeString(file, "offer.timeout.ms = 10000\ndefault.refuse.ms=9000\nport=7070\n");
        MasterConfig m = MasterMain.config(new String[] {"--config", file.toString(), "--port", "0",
                "--set", "offer.timeout.ms=20000", "--set=agent.ping.timeout.ms=30000"}, notesOut);
        assertEquals("--set over the file", Duration.ofSeconds(20), m.offerTimeout());
        assertEquals("the file where nothing else says", Duration.ofSeconds(9), m.defaultRefuse());
        assertEquals("an option over the file", 0, m.port());
        assertEquals(Duration.ofSeconds(30), m.heartbeatTimeout());

        AgentConfig a = AgentMain.config(new String[] {"--set", "reconnect_backoff_max=30s", "--port", "0",
                "--set", "port=0"}, notesOut);
        assertEquals(Duration.ofSeconds(30), a.reconnectMax());
    }

    @Test
    public void anUnknownKeyIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MasterMain.config(new String[] {"--set", "offer.timeout=5"}, notesOut));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown master setting 'offer.timeout'; valid keys"));
        e = assertThrows(IllegalArgumentException.class,
                () -> AgentMain.config(new String[] {"--set", "workdir=/tmp"}, notesOut));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown agent setting 'workdir'; valid keys"));
        assertTrue(e.getMessage(), e.getMessage().contains("work_dir"));
    }

    private record Bad(String name, List<String> args, String message) {
    }

    @Test
    public void malformedSettingsAreNamed() {
        for (Bad b : List.of(
                new Bad("set without =", List.of("--set", "port"), "--set port: give key=value, e.g. --set"
                        + " offer.timeout.ms=30000"),
                new Bad("set without value", List.of("--set"), "option --set needs a value"),
                new Bad("missing file", List.of("--config", "/nonexistent/m.properties"),
                        "cannot read --config file /nonexistent/m.properties: java.nio.file.NoSuchFileException:"
                                + " /nonexistent/m.properties"))) {
            IllegalArgumentException e = assertThrows(b.name(), IllegalArgumentException.class,
                    () -> MasterMain.config(b.args().toArray(new String[0]), notesOut));
            assertEquals(b.name(), b.message(), e.getMessage());
        }
    }

    @Test
    public void aServiceKeyIsAcceptedWithANote() {
        MasterMain.config(new String[] {"--set", "allocator.target=(allocator.name=drf)"}, notesOut);
        AgentMain.config(new String[] {"--set", "isolation=cgroups/mem,posix"}, notesOut);
        String said = notes.toString(StandardCharsets.UTF_8);
        assertTrue(said, said.contains("MasterMain: allocator.target chooses an OSGi service"));
        assertTrue(said, said.contains("AgentMain: isolation cgroups/mem,posix (launcher posix) needs isolator"
                + " 'cgroups/mem', but this agent has only the built-in posix launcher and isolator"));
    }
}
