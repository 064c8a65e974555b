package org.allot.protocol.internal.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failures that are not the peer's fault (a bug in this bundle, a throwing handler or
 * authenticator). One per server or client; a healthy process keeps it at zero.
 */
public final class ErrorCounter {

    private final AtomicLong count = new AtomicLong();

    public void increment() {
        count.incrementAndGet();
    }

    public long get() {
        return count.get();
    }
}
