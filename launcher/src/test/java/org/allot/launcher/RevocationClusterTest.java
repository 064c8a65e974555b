package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.allot.examples.LongRunningService;
import org.junit.After;
import org.junit.Test;

/**
 * Revocation end to end, each process its own JVM, on a one-agent cluster of {@code cpus:4}: a
 * {@code batch} service fills the cluster (8 instances of half a cpu); then the operator guarantees
 * role {@code prod} {@code cpus:2;mem:256} (an edit of the master's {@code --config} file, as of
 * Karaf's {@code etc/org.allot.master.cfg}: a guarantee set earlier would have held those cpus back
 * from batch), and a {@code prod} service asks for 4 such instances.
 * After the (short) revocation delay the master names batch instances, tells batch through inverse
 * offers, and kills them at the deadline: batch sees {@code TASK_KILLED} with reason
 * {@code REVOKED}, prod runs its 4 instances (its guarantee), and no prod instance ever ends.
 */
public class RevocationClusterTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(40);

    private final List<JavaProcess> processes = new ArrayList<>();

    @After
    public void endEveryProcess() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    private JavaProcess start(String name, Class<?> main, List<String> args, Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess process = JavaProcess.start(name, classPath, main, args, dir.resolve(name + ".log"), 192);
        processes.add(process);
        return process;
    }

    private JavaProcess service(String role, int instances, String master, Path dir) throws Exception {
        return start(role, LongRunningService.class, List.of("--master", master, "--name", role, "--role", role,
                "--instances", Integer.toString(instances), "--resources", "cpus:0.5;mem:64",
                "--command", "exec sleep 600"), dir);
    }

    @Test
    public void batchTasksAreRevokedForProdsGuaranteeAndNoProdTaskIs() throws Exception {
        Path dir = Files.createDirectories(Paths.get("target", "revocation-" + System.nanoTime()).toAbsolutePath());
        Path config = dir.resolve("master.properties");
        Files.writeString(config, "revocation.delay.ms=1000\nrevocation.notice.ms=500\n");
        JavaProcess masterProcess = start("master", MasterMain.class, List.of("--port", "0",
                "--allocation-interval", "0.25", "--config", config.toString()), dir);
        Matcher ready = masterProcess.awaitLine(MasterMain.READY, START);
        String master = ready.group(1) + ":" + ready.group(2);
        start("agent", AgentMain.class, List.of("--master", master, "--port", "0", "--hostname", "agent-1",
                "--resources", "cpus:4;mem:1024;disk:1024;ports:[31000-31099]", "--work-dir",
                dir.resolve("agent").toString(), "--set", "kill_grace=1s"), dir).awaitLine(AgentMain.READY, START);

        JavaProcess batch = service("batch", 8, master, dir);
        batch.awaitLine("Instance instance-[0-9]+ is running \\(8 of 8\\)", RUN);
        Files.writeString(config, "revocation.delay.ms=1000\nrevocation.notice.ms=500\n"
                + "role.prod.guarantee=cpus:2;mem:256\n");
        masterProcess.awaitLine("applied the changed configuration; role settings \\{role.prod.guarantee", RUN);

        JavaProcess prod = service("prod", 4, master, dir);
        prod.awaitLine("Instance instance-[0-9]+ is running \\(4 of 4\\)", RUN);

        List<String> revoked = batch.linesMatching("Instance instance-[0-9]+ ended KILLED \\(REVOKED\\)");
        assertTrue("batch instances revoked for prod's cpus:2, in " + batch.log() + ": " + revoked,
                revoked.size() >= 4);
        assertTrue("batch was told before the kills, in " + batch.log(),
                batch.linesMatching("Asked to give back task instance-[0-9]+").size() >= revoked.size());
        assertEquals("prod instances that ended, in " + prod.log(), List.of(),
                prod.linesMatching("Instance instance-[0-9]+ ended"));
    }
}
