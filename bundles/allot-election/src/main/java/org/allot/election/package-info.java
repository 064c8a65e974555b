/**
 * Leader election on ZooKeeper: a {@link org.allot.election.LeaderContender} for masters, a
 * {@link org.allot.election.ZooKeeperDetector} for agents, schedulers and standby masters, and
 * {@link org.allot.election.MasterDetectors#fromUrl} to turn a {@code master} setting
 * ({@code host:port} or {@code zk://host:port[,host:port...]/path}) into the right detector.
 * ZooKeeper and Curator are private to this bundle; nothing of theirs is in this API.
 */
@Export
@Version("1.0.0")
package org.allot.election;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
