/**
 * The isolator SPI: how an agent confines, measures and cleans up the processes of a container.
 *
 * <p>An agent uses one {@link org.allot.spi.isolation.Isolator} per container, the one active when
 * the container was launched; a re-deployed isolator bundle re-adopts its containers through
 * {@link org.allot.spi.isolation.Isolator#recover}.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.1.0")
package org.allot.spi.isolation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
