/**
 * The {@link org.allot.api.agent.AgentOperator} service: what an operator on an agent's machine
 * (the Karaf shell's {@code allot:container-list}, {@code allot:isolator-list},
 * {@code allot:agent-drain}) may read of that agent and ask of it, without depending on the agent's
 * internals.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("1.0.0")
package org.allot.api.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
