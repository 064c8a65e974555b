package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.allot.api.operator.Operator;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * The master is never left without an allocator while DRF is registered, even though
 * {@code allocator.target} still names a drop-in allocator that is gone (it was switched to, then
 * removed). Two sequences that used to end with "No allocator" and no more offers now end with a
 * task run through an offer:
 * <ul>
 *   <li>a restart of the DRF bundle ({@code bundle:restart});</li>
 *   <li>a restart of the master bundle with the same configuration, the stand-in for a Karaf
 *       restart (which Pax Exam cannot do): the master starts while the target matches nothing.</li>
 * </ul>
 */
public class AllocatorFallbackIT extends AllotTestSupport {

    // NOTE: loaded twice, by the test driver (which writes the configuration) and by the probe.
    @Override
    protected Option[] extraOptions() {
        String masterPort = freePort();
        Path workDir = Paths.get("target", "allocator-fallback-it-" + masterPort).toAbsolutePath();
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", masterPort),
            editConfigurationFilePut("etc/org.allot.master.cfg", "allocator.target", "(allocator.name=dropin)"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "master", "127.0.0.1:" + masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "resources", "cpus:2;mem:1024;disk:1024;ports:[31000-31100]"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "work_dir", workDir.toString()),
            // The agent finds the restarted master within seconds.
            editConfigurationFilePut("etc/org.allot.agent.cfg", "reconnect_backoff_max", "2s"),
        };
    }

    @Before
    public void installAllotLocal() throws Exception {
        if (featuresService.getFeature("allot-local") == null) {
            executeCommand("feature:repo-add " + FEATURES_REPO);
        }
        if (!featuresService.isInstalled(featuresService.getFeature("allot-local"))) {
            installAndAssertFeature("allot-local");
        }
        runOneTask("with allocator.target naming a drop-in that is not there");
    }

    @Test
    public void offersFlowAfterTheDrfBundleRestarts() throws Exception {
        restart(assertBundleActive("allot-allocator-drf"));
        runOneTask("after a restart of the allot-allocator-drf bundle");
    }

    @Test
    public void offersFlowAfterTheMasterBundleRestartsWithTheSameConfiguration() throws Exception {
        restart(assertBundleActive("allot-master"));
        runOneTask("after a restart of the allot-master bundle");
    }

    /** What bundle:restart does, through the framework API. */
    private static void restart(Bundle bundle) throws BundleException {
        bundle.stop();
        bundle.start();
    }

    /** Runs one task through an offer (allot:run fails if none comes in time); DRF made the offer. */
    private void runOneTask(String when) {
        String out = executeCommand("allot:run --count 1 --resources \"cpus:0.1;mem:32\" --timeout 60 \"echo hi\"");
        Matcher finished = Pattern.compile("TASK_FINISHED").matcher(out);
        int count = 0;
        while (finished.find()) {
            count++;
        }
        assertEquals("one task finished " + when + ":\n" + out, 1, count);
        ServiceReference<Operator> ref = bundleContext.getServiceReference(Operator.class);
        assertNotNull("the Operator service is registered " + when, ref);
        Operator operator = bundleContext.getService(ref);
        try {
            assertEquals("the active allocator " + when, "drf", operator.activeAllocator());
        } finally {
            bundleContext.ungetService(ref);
        }
    }
}
