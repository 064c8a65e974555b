package org.allot.health.internal;

import java.lang.management.ManagementFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.allot.api.operator.Operator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code org.allot:type=Master} in the platform MBean server (the one Karaf's management
 * feature, Jolokia and Decanter use) while the {@link Operator} service is there.
 */
@Component(immediate = true)
public final class MasterMBeanComponent {

    static final String NAME = "org.allot:type=Master";
    private static final Logger LOG = LoggerFactory.getLogger(MasterMBeanComponent.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Operator operator;
    private ObjectName name;

    @Activate
    public MasterMBeanComponent(@Reference Operator operator) {
        this.operator = operator;
    }

    /** Registers the MBean; DS calls it once the component is built. */
    @Activate
    void activate() throws JMException {
        name = new ObjectName(NAME);
        try {
            server.registerMBean(new MasterMBean(operator), name);
        } catch (InstanceAlreadyExistsException e) {
            // NOTE: another master in this JVM (or a leftover of a crashed bundle): take the name over.
            LOG.warn("{} was registered already; replacing it with this master's", NAME);
            server.unregisterMBean(name);
            server.registerMBean(new MasterMBean(operator), name);
        }
    }

    @Deactivate
    void deactivate() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            LOG.debug("{} was not registered", NAME);
        } catch (JMException e) {
            LOG.warn("Could not unregister {}: {}", NAME, e.toString());
        }
    }
}
