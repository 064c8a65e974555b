package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whole offer cycle inside one Karaf: {@code feature:install allot-local} brings up a master, an
 * agent, DRF, the filters, posix isolation and the shell; {@code allot:run} then runs a real
 * command as three tasks, and each task's sandbox holds what the command printed.
 */
public class AllotLocalIT extends AllotTestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    // NOTE: this class is loaded twice, by the test driver (which writes the configuration) and by
    // the probe inside Karaf; the test reads the values back from Config Admin, never from these.
    @Override
    protected Option[] extraOptions() {
        String masterPort = freePort();
        Path workDir = Paths.get("target", "allot-local-it-" + masterPort).toAbsolutePath();
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "master", "127.0.0.1:" + masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "resources", "cpus:2;mem:1024;disk:1024;ports:[31000-31100]"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "work_dir", workDir.toString()),
        };
    }

    @Test
    public void runEchoesHelloThreeTimesAndEachSandboxHasIt() throws Exception {
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-local");
        for (String bundle : List.of("allot-master", "allot-agent", "allot-allocator-drf", "allot-filters",
                "allot-isolation-posix", "allot-client", "allot-shell")) {
            assertBundleActive(bundle);
        }

        // No --master: allot:run finds this Karaf's master through Config Admin.
        String out = executeCommand("allot:run --count 3 --resources \"cpus:0.1;mem:32\" --timeout 60 \"echo hello\"");

        Matcher finished = Pattern.compile("TASK_FINISHED").matcher(out);
        int count = 0;
        while (finished.find()) {
            count++;
        }
        assertEquals("three tasks finished in:\n" + out, 3, count);

        Path workDir = Paths.get((String) configurationAdmin.getConfiguration("org.allot.agent", null)
                .getProperties().get("work_dir"));
        List<Path> stdouts = stdoutFiles(workDir);
        assertEquals("one sandbox stdout per task under " + workDir + ": " + stdouts, 3, stdouts.size());
        for (Path stdout : stdouts) {
            assertTrue(stdout + " holds hello", Files.readString(stdout, StandardCharsets.UTF_8).contains("hello"));
        }

        String agents = executeCommand("allot:agent-list --no-format");
        assertTrue("the agent is listed:\n" + agents, agents.contains("cpus:2"));
    }

    private static List<Path> stdoutFiles(Path workDir) throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(path -> path.getFileName().toString().equals("stdout")).collect(Collectors.toList());
        }
    }
}
