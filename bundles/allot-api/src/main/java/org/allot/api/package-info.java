/**
 * Allot's value types: resources, identifiers, offers, tasks and their states.
 *
 * <p>These are shared by the master, the agent, the plugins and the framework client, which also
 * runs as a plain jar outside OSGi; so the package needs nothing but the JDK. All types are
 * immutable and validate their input, with messages that name the bad value.
 *
 * <p>NOTE: the API bundle's packages are exported without being imported back
 * ({@code Substitution.NOIMPORT}): allot-api is the one bundle that provides them, and a manifest
 * that imports nothing but {@code java.*} keeps the plain-jar and OSGi uses identical.
 *
 * <p>0.2.0: {@link org.allot.api.DominantShare}.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.3.0")
package org.allot.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
