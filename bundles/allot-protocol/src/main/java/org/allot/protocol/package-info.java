/**
 * Allot's wire protocol.
 */
@Export
@Version("0.1.0")
package org.allot.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
