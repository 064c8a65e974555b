/**
 * The single-threaded event loop on which Allot's servers (master, agent) keep their state.
 */
@Export
@Version("0.1.0")
package org.allot.protocol.loop;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
