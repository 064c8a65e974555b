/**
 * Allot's value types: resources, identifiers, offers, tasks and their states.
 */
@Export
@Version("0.1.0")
package org.allot.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
