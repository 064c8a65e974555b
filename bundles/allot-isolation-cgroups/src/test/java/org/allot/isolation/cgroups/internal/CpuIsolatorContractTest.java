package org.allot.isolation.cgroups.internal;

import org.allot.isolation.contract.IsolatorContractTest;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.junit.AfterClass;

/** The isolator contract suite (allot-isolation-posix's test-jar) against {@link CpuIsolator}, with the cgroups launcher. */
public class CpuIsolatorContractTest extends IsolatorContractTest {

    private static final ContractHost HOST = new ContractHost();

    @Override
    protected Isolator newIsolator() {
        return new CpuIsolator(HOST.get(CgroupsSettings.defaults()));
    }

    @Override
    protected Launcher newLauncher() {
        return new CgroupsLauncher(HOST.get(CgroupsSettings.defaults()));
    }
    @AfterClass
    public static void removeCgroups() throws Exception {
        HOST.close();
    }
}
