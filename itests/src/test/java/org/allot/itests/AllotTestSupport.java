package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.useOwnExamBundlesStartLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots Allot's own Karaf distribution (built by {@code karaf-assembly}) once per test class and
 * gives tests what an operator has: the features service and the shell.
 *
 * <p>Every port the distribution opens is moved to a free one, so tests run next to a developer's
 * Karaf and next to each other.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class AllotTestSupport {

    /** The features repository, as an operator adds it. */
    protected static final String FEATURES_REPO =
            "mvn:org.allot/allot-features/" + System.getProperty("allot.version") + "/xml/features";

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    /** The boot features of karaf-assembly/pom.xml. */
    private static final String BOOT_FEATURES = "instance, package, scr, log, ssh, system, eventadmin, feature, shell,"
            + " management, service, jaas, deployer, diagnostic, wrap, bundle, config, kar";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        String distribution = System.getProperty("allot.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("Allot distribution not found at '" + distribution
                    + "': build karaf-assembly first (mvn verify from the top folder does).");
        }
        String localRepo = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        Option[] base = new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(distribution).toURI().toString())
                    .name("Allot")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            logLevel(LogLevel.INFO),
            // NOTE: Karaf installs boot features on a background thread, and Pax Exam installs its probe
            // as soon as its remote bundle context answers. A probe installed while a features
            // deployment runs is refused ("Resolver hook prevented resolution"). So the distribution's
            // own boot features form a first stage, Pax Exam's features (appended by it) a second one,
            // and its bundles start last in that stage, right before the deployment ends.
            editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot", "(" + BOOT_FEATURES + ")"),
            useOwnExamBundlesStartLevel(90),
            // -Dallot.itest.keep=true keeps target/exam/<uuid> with data/log/karaf.log for a post-mortem.
            when(Boolean.getBoolean("allot.itest.keep")).useOptions(keepRuntimeFolder()),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", localRepo),
            systemProperty("allot.version").value(System.getProperty("allot.version")),
        };
        return OptionUtils.combine(base, extraOptions());
    }

    /**
     * What a test class adds to the container, e.g. features installed before the probe runs so the
     * test code can use their packages directly.
     */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** Installs a feature the way {@code feature:install} does and checks it is installed. */
    protected void installAndAssertFeature(String name) throws Exception {
        featuresService.installFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        Feature feature = featuresService.getFeature(name);
        assertNotNull("feature " + name + " is not known; is " + FEATURES_REPO + " registered?", feature);
        assertTrue("feature " + name + " did not install", featuresService.isInstalled(feature));
    }

    /** Fails unless the bundle with this symbolic name is installed and ACTIVE. */
    protected Bundle assertBundleActive(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                assertEquals("bundle " + symbolicName + " state", Bundle.ACTIVE, bundle.getState());
                return bundle;
            }
        }
        fail("bundle " + symbolicName + " is not installed");
        return null;
    }

    /**
     * Runs a shell command as an operator would type it and returns what it printed.
     * A command that throws fails the test with the command's own message.
     */
    protected String executeCommand(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } catch (Exception e) {
            throw new AssertionError("command '" + command + "' failed: " + e.getMessage()
                    + "\n" + bytes.toString(StandardCharsets.UTF_8), e);
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** How long tests wait for something asynchronous in the container. */
    protected static long timeoutSeconds() {
        return COMMAND_TIMEOUT_SECONDS;
    }

    protected static TimeUnit seconds() {
        return TimeUnit.SECONDS;
    }

    protected static String freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the test Karaf", e);
        }
    }
}
