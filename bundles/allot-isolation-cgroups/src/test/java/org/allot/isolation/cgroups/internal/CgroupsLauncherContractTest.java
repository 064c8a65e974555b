package org.allot.isolation.cgroups.internal;

import org.allot.isolation.contract.LauncherContractTest;
import org.allot.spi.isolation.Launcher;
import org.junit.AfterClass;

/** The launcher contract suite (allot-isolation-posix's test-jar) against the cgroups launcher. */
public class CgroupsLauncherContractTest extends LauncherContractTest {

    private static final ContractHost HOST = new ContractHost();

    @Override
    protected Launcher newLauncher() {
        return new CgroupsLauncher(HOST.get(CgroupsSettings.defaults()));
    }

    @AfterClass
    public static void removeCgroups() throws Exception {
        HOST.close();
    }
}
