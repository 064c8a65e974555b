/**
 * The isolation SPI: how an agent forks, confines, measures and destroys the processes of a
 * container.
 *
 * <p>A {@link org.allot.spi.isolation.Launcher} forks a container's processes and destroys all of
 * them; an ordered list of {@link org.allot.spi.isolation.Isolator}s, each owning one concern (cpu,
 * memory, pids, a project), confines them. Every call returns a
 * {@link java.util.concurrent.CompletionStage}; limits are pushed through
 * {@link org.allot.spi.isolation.Isolator#watch}. A re-deployed isolator or launcher re-adopts its
 * containers through {@code recover}.
 *
 * <p>2.0.0 (breaking): {@code Launcher}, asynchronous {@code Isolator} composed per container,
 * {@code watch} instead of the polled {@code limitation}, {@code ResourceUsage} with throttling, peak
 * memory and processes, {@code ContainerLimitation} with limit and peak, {@code ContainerConfig}
 * with role and labels. The 0.x synchronous {@code Isolator} is gone.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("2.0.0")
package org.allot.spi.isolation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
