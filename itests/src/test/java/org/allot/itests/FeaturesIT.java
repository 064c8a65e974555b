package org.allot.itests;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

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
}
