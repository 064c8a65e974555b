/**
 * The {@link org.allot.api.operator.Operator} service: what the Karaf shell and other operator
 * tools may read of the cluster and change, without depending on the master's internals.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.2.0")
package org.allot.api.operator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
