package org.allot.isolation.cgroups.internal;

import java.util.Optional;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.contract.IsolatorContractTest;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.junit.AfterClass;

/** The isolator contract suite (allot-isolation-posix's test-jar) against {@link MemoryIsolator}, with the cgroups launcher. */
public class MemoryIsolatorContractTest extends IsolatorContractTest {

    private static final ContractHost HOST = new ContractHost();

    @Override
    protected Isolator newIsolator() {
        return new MemoryIsolator(HOST.get(CgroupsSettings.defaults()));
    }

    @Override
    protected Launcher newLauncher() {
        return new CgroupsLauncher(HOST.get(CgroupsSettings.defaults()));
    }

    /** dd's 256 MiB block passes a 32 MB limit: the OOM killer ends it and watch says so. */
    @Override
    protected Optional<LimitScenario> limitScenario() {
        return Optional.of(new LimitScenario(Resources.parse("cpus:0.5;mem:32"),
                "dd if=/dev/zero of=/dev/null bs=256M count=4", TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY));
    }

    @AfterClass
    public static void removeCgroups() throws Exception {
        HOST.close();
    }
}
