package org.allot.election.internal;

import java.time.Duration;

import org.allot.election.ZooKeeperUrl;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/** Makes the Curator clients of contenders and detectors, all alike. Stateless. */
public final class Clients {

    private Clients() {
    }

    /**
     * A started client of {@code url}'s ensemble with {@code sessionTimeout}. It connects in the
     * background; operations retry with a bounded backoff. NOTE: the connection timeout is the
     * session timeout, so a client notices a dead server within one session timeout.
     */
    public static CuratorFramework start(ZooKeeperUrl url, Duration sessionTimeout) {
        int session = (int) Math.max(1000, sessionTimeout.toMillis());
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(url.connectString())
                .sessionTimeoutMs(session)
                .connectionTimeoutMs(session)
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 5))
                .build();
        client.start();
        return client;
    }
}
