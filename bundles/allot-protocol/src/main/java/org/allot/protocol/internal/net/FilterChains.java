package org.allot.protocol.internal.net;

import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.internal.codec.FrameCodecFactory;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.keepalive.KeepAliveFilter;
import org.apache.mina.filter.logging.LogLevel;
import org.apache.mina.filter.logging.LoggingFilter;

/**
 * Builds the filter chain of every Allot session, server or client, in one place and in order:
 * <pre>
 *   bytes -> codec -> handshake -> heartbeat -> logging -> SessionHandler -> MessageHandler
 * </pre>
 * NOTE: there is no executor filter. Handlers are required not to block and to hand messages to
 * their own event loop (one thread mutates master or agent state), so decoding and dispatching on
 * MINA's I/O threads is both enough and the cheapest; MINA already delivers one session's events
 * in order.
 */
final class FilterChains {

    static final String CODEC = "codec";
    static final String HANDSHAKE = "handshake";
    static final String HEARTBEAT = "heartbeat";
    static final String LOGGING = "logging";

    /** Frames are logged at DEBUG under this name; lifecycle is logged at INFO by {@link SessionHandler}. */
    static final String FRAME_LOGGER = "org.allot.protocol.frames";

    private FilterChains() {
    }

    static void build(DefaultIoFilterChainBuilder chain, ProtocolConfig config, HandshakeFilter handshake) {
        chain.addLast(CODEC, new ProtocolCodecFilter(new FrameCodecFactory(config.maxFrameBytes())));
        chain.addLast(HANDSHAKE, handshake);
        chain.addLast(HEARTBEAT, heartbeat(config));
        chain.addLast(LOGGING, logging());
    }

    private static KeepAliveFilter heartbeat(ProtocolConfig config) {
        KeepAliveFilter filter = new KeepAliveFilter(new HeartbeatMessages(), IdleStatus.READER_IDLE,
                new HeartbeatTimeout(), config.heartbeatIntervalSeconds(), config.heartbeatTimeoutSeconds());
        filter.setForwardEvent(false);
        return filter;
    }

    private static LoggingFilter logging() {
        LoggingFilter filter = new LoggingFilter(FRAME_LOGGER);
        filter.setSessionCreatedLogLevel(LogLevel.DEBUG);
        filter.setSessionOpenedLogLevel(LogLevel.DEBUG);
        filter.setSessionClosedLogLevel(LogLevel.DEBUG);
        filter.setSessionIdleLogLevel(LogLevel.DEBUG);
        filter.setMessageReceivedLogLevel(LogLevel.DEBUG);
        filter.setMessageSentLogLevel(LogLevel.DEBUG);
        // SessionHandler logs each exception once, with the peer and the reason.
        filter.setExceptionCaughtLogLevel(LogLevel.NONE);
        return filter;
    }
}
