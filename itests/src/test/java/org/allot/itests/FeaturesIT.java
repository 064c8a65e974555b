package org.allot.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Paths;

import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * The features repository shipped in the distribution installs and its bundles resolve and start
 * in a real Karaf.
 */
public class FeaturesIT extends AllotTestSupport {

    @Test
    public void featuresRepositoryIsRegisteredInTheDistribution() {
        String repos = executeCommand("feature:repo-list --no-format");
        assertTrue("allot features repository missing from:\n" + repos, repos.contains("allot-features"));
    }

    @Test
    public void apiAndProtocolInstallByFeatureAndAreActive() throws Exception {
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-api");
        installAndAssertFeature("allot-protocol");
        assertBundleActive("allot-api");
        assertBundleActive("allot-protocol");
        assertBundleActive("org.apache.mina.core");
        assertBundleActive("com.google.protobuf");

        String installed = executeCommand("feature:list -i --no-format");
        assertTrue(installed, installed.contains("allot-protocol"));
    }

    // NOTE: loaded twice, by the test driver (which writes the configuration) and by the probe.
    @Override
    protected Option[] extraOptions() {
        String masterPort = freePort();
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "master", "127.0.0.1:" + masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "resources", "cpus:1;mem:512"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "work_dir",
                    Paths.get("target", "features-it-" + masterPort).toAbsolutePath().toString()),
        };
    }

    /**
     * allot-agent pins no isolation backend: without one the agent still starts and says in
     * allot:agent-list what is missing; the posix feature can be installed and uninstalled under it.
     */
    @Test
    public void theAgentFeatureDoesNotPinPosixIsolationAndSaysWhatIsMissing() throws Exception {
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-allocator-drf");
        installAndAssertFeature("allot-master");
        installAndAssertFeature("allot-agent");
        installAndAssertFeature("allot-shell");
        assertBundleActive("allot-agent");
        assertTrue("posix isolation is not installed with the agent",
                !featuresService.isInstalled(featuresService.getFeature("allot-isolation-posix")));
        awaitAgentList("DEGRADED (launcher 'posix' and isolator 'posix' of isolation");

        installAndAssertFeature("allot-isolation-posix");
        awaitAgentList("\tACTIVE");

        // What feature:uninstall allot-isolation-posix does.
        featuresService.uninstallFeature("allot-isolation-posix",
                java.util.EnumSet.of(org.apache.karaf.features.FeaturesService.Option.NoAutoRefreshBundles));
        assertBundleActive("allot-agent");
        awaitAgentList("DEGRADED (launcher 'posix' and isolator 'posix' of isolation");
    }

    private void awaitAgentList(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String out = "";
        while (System.currentTimeMillis() < deadline) {
            out = executeCommand("allot:agent-list --no-format");
            if (out.contains(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("allot:agent-list does not show '" + expected + "' within 30 s:\n" + out);
    }
}
