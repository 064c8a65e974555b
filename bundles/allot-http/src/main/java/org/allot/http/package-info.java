/**
 * The master's HTTP surface as plain servlets over the {@link org.allot.api.operator.Operator}
 * service: {@link org.allot.http.AllotServlets} makes them, so that the OSGi HTTP Whiteboard (in
 * Karaf) and an embedded Jetty (in a plain JVM) serve the same code.
 */
@Export
@Version("0.1.0")
package org.allot.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
