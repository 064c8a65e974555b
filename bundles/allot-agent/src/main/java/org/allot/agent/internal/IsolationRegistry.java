package org.allot.agent.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolators and launchers available now, by name, as Declarative Services binds and unbinds
 * them (or as plain Java code adds them). It outlives agent cores: the agent component keeps one
 * and hands it to each core. Listeners hear of every service that comes or goes.
 *
 * <p>Threading: thread-safe. Listeners are called on the thread that changed the registry (a DS
 * thread) and must hand the news to their own loop.
 */
public final class IsolationRegistry {

    /** Which kind of service. */
    public enum Kind {
        LAUNCHER, ISOLATOR;

        String label() {
            return this == LAUNCHER ? "launcher" : "isolator";
        }
    }

    /** Hears of services that come and go. */
    public interface Listener {
        void added(Kind kind, String name);

        void removed(Kind kind, String name);
    }

    private static final Logger LOG = LoggerFactory.getLogger(IsolationRegistry.class);

    private final Map<String, Isolator> isolators = new ConcurrentHashMap<>();
    private final Map<String, Launcher> launchers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** A registry holding these services already, for plain Java use and tests. */
    public static IsolationRegistry of(Launcher launcher, Isolator... isolators) {
        IsolationRegistry r = new IsolationRegistry();
        r.addLauncher(launcher);
        for (Isolator i : isolators) {
            r.addIsolator(i);
        }
        return r;
    }

    public void addIsolator(Isolator isolator) {
        Isolator old = isolators.put(isolator.name(), isolator);
        if (old != null && old != isolator) {
            LOG.warn("Isolator '{}' registered twice ({} replaces {}); the newer one is used", isolator.name(),
                    isolator, old);
            listeners.forEach(l -> l.removed(Kind.ISOLATOR, isolator.name()));
        }
        LOG.info("Isolator '{}' is available", isolator.name());
        listeners.forEach(l -> l.added(Kind.ISOLATOR, isolator.name()));
    }

    public void removeIsolator(Isolator isolator) {
        if (isolators.remove(isolator.name(), isolator)) {
            LOG.info("Isolator '{}' went away", isolator.name());
            listeners.forEach(l -> l.removed(Kind.ISOLATOR, isolator.name()));
        }
    }

    public void addLauncher(Launcher launcher) {
        Launcher old = launchers.put(launcher.name(), launcher);
        if (old != null && old != launcher) {
            LOG.warn("Launcher '{}' registered twice ({} replaces {}); the newer one is used", launcher.name(),
                    launcher, old);
            listeners.forEach(l -> l.removed(Kind.LAUNCHER, launcher.name()));
        }
        LOG.info("Launcher '{}' is available", launcher.name());
        listeners.forEach(l -> l.added(Kind.LAUNCHER, launcher.name()));
    }

    public void removeLauncher(Launcher launcher) {
        if (launchers.remove(launcher.name(), launcher)) {
            LOG.info("Launcher '{}' went away", launcher.name());
            listeners.forEach(l -> l.removed(Kind.LAUNCHER, launcher.name()));
        }
    }

    Optional<Isolator> isolator(String name) {
        return Optional.ofNullable(isolators.get(name));
    }

    Optional<Launcher> launcher(String name) {
        return Optional.ofNullable(launchers.get(name));
    }

    boolean has(Kind kind, String name) {
        return kind == Kind.LAUNCHER ? launchers.containsKey(name) : isolators.containsKey(name);
    }

    /** The names of the available isolators, sorted; for the operator. */
    public List<String> isolatorNames() {
        return List.copyOf(new TreeMap<>(isolators).keySet());
    }

    /** The names of the available launchers, sorted; for the operator. */
    public List<String> launcherNames() {
        return List.copyOf(new TreeMap<>(launchers).keySet());
    }

    /** What {@code isolation} needs that is not available now, e.g. {@code [isolator 'cgroups/mem']}. */
    public List<String> missing(Isolation isolation) {
        List<String> missing = new java.util.ArrayList<>();
        if (!launchers.containsKey(isolation.launcher())) {
            missing.add("launcher '" + isolation.launcher() + "'");
        }
        for (String name : isolation.isolators()) {
            if (!isolators.containsKey(name)) {
                missing.add("isolator '" + name + "'");
            }
        }
        return missing;
    }

    void listen(Listener listener) {
        listeners.add(listener);
    }

    void unlisten(Listener listener) {
        listeners.remove(listener);
    }
}
