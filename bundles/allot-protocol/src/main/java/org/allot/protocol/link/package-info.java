/**
 * Who leads the cluster, and one link to it. A {@link org.allot.protocol.link.MasterDetector} says
 * which master leads now and tells of every change; a {@link org.allot.protocol.link.MasterLink}
 * follows a detector, keeps one handshaken connection to the leader, and reconnects with one
 * {@link org.allot.protocol.link.Backoff} policy. The agent and the scheduler driver link to the
 * master this way, and the executor driver to its agent (with a
 * {@link org.allot.protocol.link.StandaloneDetector} for the agent's fixed address). Leader election
 * (e.g. with ZooKeeper) plugs in as another detector, without changes to the link's users.
 */
@Export
@Version("1.0.0")
package org.allot.protocol.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
