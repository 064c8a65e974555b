package org.allot.protocol.internal.net;

import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side of the handshake: after the client's {@code Hello}, the first frame from the
 * server must be a {@code Welcome} of the same protocol version, or an {@code Error} refusing us.
 */
final class ClientHandshakeFilter extends HandshakeFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandshakeFilter.class);

    private final ProtocolConfig config;

    ClientHandshakeFilter(ProtocolConfig config) {
        this.config = config;
    }

    @Override
    protected boolean firstMessage(ProtocolSession session, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case WELCOME:
                Welcome welcome = envelope.getWelcome();
                if (welcome.getProtocolVersion() != config.protocolVersion()) {
                    String reason = "server speaks protocol version " + welcome.getProtocolVersion()
                            + " but this client speaks version " + config.protocolVersion()
                            + "; run matching Allot versions on both sides";
                    LOG.warn("Leaving {}: {}", session.describePeer(), reason);
                    session.fail(Error.Code.UNSUPPORTED_VERSION, reason);
                    return false;
                }
                session.establish(welcome.getRole(), welcome.getPrincipal());
                return true;
            case ERROR:
                Error error = envelope.getError();
                String reason = "refused by " + session.ioSession().getRemoteAddress() + " with "
                        + error.getCode() + ": " + error.getReason();
                LOG.warn("{}", reason);
                session.refusedBy(error.getCode(), reason);
                return false;
            default:
                String violation = "expected a Welcome or an Error as the server's first frame, got a "
                        + envelope.getMessageCase();
                LOG.warn("Leaving {}: {}", session.describePeer(), violation);
                session.fail(Error.Code.HANDSHAKE_REQUIRED, violation);
                return false;
        }
    }
}
