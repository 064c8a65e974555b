package org.allot.http.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;

import org.allot.api.operator.Operator;
import org.allot.http.AllotServlets;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the master's servlets ({@link AllotServlets}) to the OSGi HTTP Whiteboard (pax-web in
 * Karaf), for as long as the {@link Operator} service is there. The port is the HTTP service's
 * ({@code org.osgi.service.http.port} in {@code etc/org.ops4j.pax.web.cfg}; Allot's distribution
 * sets it to 5080). A configuration change re-creates the component, so the servlets are published
 * again with the new settings.
 */
@Component(configurationPid = "org.allot.http", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = HttpWhiteboard.Config.class)
public final class HttpWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWhiteboard.class);
    /** The whiteboard's property names (org.osgi.service.http.whiteboard.HttpWhiteboardConstants). */
    static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";
    static final String NAME = "osgi.http.whiteboard.servlet.name";

    @ObjectClassDefinition(id = "org.allot.http", name = "Allot master HTTP API",
            description = "The master's JSON API, /health and /metrics, served through the HTTP Whiteboard.")
    public @interface Config {

        @AttributeDefinition(description = "Allow the operator's writes (POST /api/v1/allocator,"
                + " PUT /api/v1/roles/{role}, POST /api/v1/frameworks/{id}/teardown); refused with 403 otherwise."
                + " There is no authentication yet: enable only where the port is not reachable by others.")
        boolean http_writes_enabled() default false;
    }

    private final List<ServiceRegistration<Servlet>> registrations = new ArrayList<>();

    @Reference
    private Operator operator;

    @Activate
    void activate(BundleContext context, Config config) {
        for (AllotServlets.Route r : AllotServlets.create(operator, config.http_writes_enabled())) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(PATTERN, r.pattern());
            props.put(NAME, "allot" + r.pattern().replace("/*", ""));
            registrations.add(context.registerService(Servlet.class, r.servlet(), props));
        }
        LOG.info("Allot HTTP API published to the HTTP Whiteboard (writes {})",
                config.http_writes_enabled() ? "enabled" : "disabled");
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<Servlet> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Servlet already unregistered", e);
            }
        }
        registrations.clear();
    }
}
