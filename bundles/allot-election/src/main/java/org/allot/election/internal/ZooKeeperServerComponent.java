package org.allot.election.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An embedded ZooKeeper server inside Karaf, for a cluster on one machine (feature
 * {@code allot-zookeeper-server}); it runs only while PID {@code org.allot.zookeeper.server} is
 * configured. A change of configuration restarts it.
 */
@Component(configurationPid = "org.allot.zookeeper.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ZooKeeperServerComponent.Config.class)
public final class ZooKeeperServerComponent {

    @ObjectClassDefinition(id = "org.allot.zookeeper.server", name = "Allot embedded ZooKeeper",
            description = "A single ZooKeeper server for demos and tests on one machine; point the masters'"
                    + " zk at a real ensemble in production.")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on; 127.0.0.1 keeps it local.")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "Client port; 0 picks a free one.")
        int port() default 2181;

        @AttributeDefinition(description = "Directory of its snapshots and logs; empty: data/zookeeper under"
                + " Karaf's data directory.")
        String data_dir() default "";
    }

    private EmbeddedZooKeeper server;

    @Activate
    void activate(Config c) {
        String dir = c.data_dir().isBlank()
                ? System.getProperty("karaf.data", "data") + "/zookeeper" : c.data_dir();
        try {
            server = EmbeddedZooKeeper.start(c.host(), c.port(), Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
