package org.allot.isolation.posix.internal;

import org.allot.isolation.contract.LauncherContractTest;
import org.allot.spi.isolation.Launcher;

/** The launcher contract against the posix launcher and real processes. */
public class PosixLauncherTest extends LauncherContractTest {

    @Override
    protected Launcher newLauncher() {
        return new PosixLauncher();
    }
}
