/**
 * The allocator SPI: the policy that decides which framework is offered which agent's resources.
 *
 * <p>The master owns the truth (agents, frameworks, offers, tasks); an
 * {@link org.allot.spi.allocation.Allocator} is told of every change and keeps only derived state
 * it can rebuild, which is what makes swapping allocators at run time and master failover safe.
 * See {@link org.allot.spi.allocation.Allocator} for the contract.
 *
 * <p>0.2.0: {@code Allocator.reset()} (a default method; existing allocators still work).
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.2.0")
package org.allot.spi.allocation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
