package org.allot.isolation.projects.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.contract.IsolatorContractTest;
import org.allot.spi.isolation.Isolator;
import org.junit.After;

/**
 * The isolator contract suite (allot-isolation-posix's test-jar) against the projects isolator with
 * the posix launcher. Every container joins the project {@code default}, which allows 4 processes.
 */
public class ProjectIsolatorContractTest extends IsolatorContractTest {

    private final List<ProjectIsolator> made = new ArrayList<>();

    @Override
    protected Isolator newIsolator() {
        try {
            Path dir = tmp.getRoot().toPath();
            Path file = dir.resolve("allot-projects");
            if (!Files.exists(file)) {
                Files.writeString(file, "default:1:every container:*::project.max-processes=(priv,4,deny)\n");
            }
            ProjectIsolator p = new ProjectIsolator(file, dir.resolve("project-state"), Path.of("/proc"),
                    Duration.ofMillis(100));
            made.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Six sleeps and their shell pass the project's 4 processes. */
    @Override
    protected Optional<LimitScenario> limitScenario() {
        return Optional.of(new LimitScenario(Resources.parse("cpus:0.5;mem:128"),
                "for i in 1 2 3 4 5 6; do sleep 30 & done; wait", TaskStatus.Reason.CONTAINER_LIMITATION));
    }

    @After
    public void stopAccounting() {
        made.forEach(ProjectIsolator::close);
    }
}
