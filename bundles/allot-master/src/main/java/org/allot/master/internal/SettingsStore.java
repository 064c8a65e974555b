package org.allot.master.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Where the operator's changes (role weights, priorities, guarantees, the chosen allocator) are
 * kept so that they survive a restart: the master's own configuration. The master reads them
 * back at activation and on modification like any other key.
 */
interface SettingsStore {

    /**
     * Sets the keys of {@code set} and removes those of {@code remove} in the master's configuration,
     * keeping every other key.
     *
     * @throws IOException if the configuration cannot be written
     */
    void save(Map<String, String> set, Set<String> remove) throws IOException;

    /**
     * The master's PID in Config Admin. Karaf's file install writes the change back to
     * {@code etc/org.allot.master.cfg}, and Config Admin hands it to the component again (as
     * {@code @Modified}), which finds nothing new to apply.
     */
    static SettingsStore configAdmin(ConfigurationAdmin admin, String pid) {
        Objects.requireNonNull(admin, "admin");
        return (set, remove) -> {
            // NOTE: "?" binds a new configuration to no bundle in particular; for an existing one
            // (the usual case: the feature ships etc/org.allot.master.cfg) the location is ignored.
            Configuration c = admin.getConfiguration(pid, "?");
            Dictionary<String, Object> current = c.getProperties();
            Hashtable<String, Object> next = new Hashtable<>();
            if (current != null) {
                for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    next.put(k, current.get(k));
                }
            }
            next.putAll(set);
            remove.forEach(next::remove);
            c.updateIfDifferent(next);
        };
    }
}
