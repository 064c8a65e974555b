/**
 * The allocator SPI: the policy that decides which framework is offered which agent's resources.
 *
 * <p>The master owns the bookkeeping (agents, frameworks, allocations, declines); an
 * {@link org.allot.spi.allocation.Allocator} reads an {@link org.allot.spi.allocation.AllocationView}
 * and returns a {@link org.allot.spi.allocation.Plan}. {@link org.allot.spi.allocation.SortingAllocator}
 * does Mesos's hierarchical walk (roles, then frameworks) for policies that only order.
 *
 * <p>1.1.0: roles have a {@link org.allot.spi.allocation.RoleState#priority() priority} and a
 * {@link org.allot.spi.allocation.RoleState#guarantee() guarantee}; the view shows every role
 * ({@code allRoles}), every agent ({@code agents}), how long each role has waited for an offer
 * ({@code waitingSince}), the revocation delay and notice, and the revocations in progress; a
 * {@link org.allot.spi.allocation.Revocation} may carry a deadline (inverse offer first, kill at the
 * deadline). {@code SortingAllocator} honours guarantees and revokes for starved roles.
 *
 * <p>1.0.0 (breaking): the 14 registry callbacks and {@code OfferCheck} are gone; {@code allocate}
 * takes a view and returns a plan. 0.2.0: {@code Allocator.reset()}.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("1.1.0")
package org.allot.spi.allocation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
