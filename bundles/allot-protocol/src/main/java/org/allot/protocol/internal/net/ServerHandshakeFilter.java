package org.allot.protocol.internal.net;

import org.allot.protocol.AuthResult;
import org.allot.protocol.Authenticator;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of the handshake: the first frame must be a {@code Hello} with this server's
 * protocol version, a role, and credentials the {@link Authenticator} accepts; it is answered with a
 * {@code Welcome}. Anything else is answered with an {@code Error} naming the reason.
 */
final class ServerHandshakeFilter extends HandshakeFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHandshakeFilter.class);

    private final ProtocolConfig config;
    private final Role localRole;
    private final String localPrincipal;
    private final Authenticator authenticator;
    private final ErrorCounter internalErrors;

    ServerHandshakeFilter(ProtocolConfig config, Role localRole, String localPrincipal,
            Authenticator authenticator, ErrorCounter internalErrors) {
        this.config = config;
        this.localRole = localRole;
        this.localPrincipal = localPrincipal;
        this.authenticator = authenticator;
        this.internalErrors = internalErrors;
    }

    @Override
    protected boolean firstMessage(ProtocolSession session, Envelope envelope) {
        if (envelope.getMessageCase() != Envelope.MessageCase.HELLO) {
            return refuse(session, Error.Code.HANDSHAKE_REQUIRED, "the first frame must be a Hello, got a "
                    + envelope.getMessageCase() + "; send Hello{protocol_version, role, principal} first");
        }
        Hello hello = envelope.getHello();
        if (hello.getProtocolVersion() != config.protocolVersion()) {
            return refuse(session, Error.Code.UNSUPPORTED_VERSION, "peer speaks protocol version "
                    + hello.getProtocolVersion() + " but this " + localRole + " speaks version "
                    + config.protocolVersion() + "; run matching Allot versions on both sides");
        }
        if (hello.getRole() == Role.ROLE_UNSPECIFIED || hello.getRole() == Role.UNRECOGNIZED) {
            return refuse(session, Error.Code.PROTOCOL_VIOLATION, "Hello from '" + hello.getPrincipal()
                    + "' has no known role; set role to MASTER, AGENT, SCHEDULER, EXECUTOR or OPERATOR");
        }
        AuthResult result;
        try {
            result = authenticator.authenticate(hello.getPrincipal(), hello.getCredentials());
        } catch (RuntimeException e) {
            internalErrors.increment();
            LOG.error("Authenticator {} failed on principal '{}' from {}", authenticator, hello.getPrincipal(),
                    session.describePeer(), e);
            return refuse(session, Error.Code.INTERNAL_ERROR, "the server could not check the credentials of '"
                    + hello.getPrincipal() + "' (" + e + "); retry later or ask its operator");
        }
        if (result == null || !result.isAccepted()) {
            return refuse(session, Error.Code.AUTHENTICATION_FAILED, "principal '" + hello.getPrincipal()
                    + "' was refused: " + (result == null ? "the authenticator gave no answer" : result.reason()));
        }
        session.establish(hello.getRole(), hello.getPrincipal());
        int intervalMillis = (int) Math.min(Integer.MAX_VALUE, config.heartbeatIntervalSeconds() * 1000L);
        session.ioSession().write(Envelope.newBuilder().setWelcome(Welcome.newBuilder()
                .setProtocolVersion(config.protocolVersion())
                .setRole(localRole)
                .setPrincipal(localPrincipal)
                .setHeartbeatIntervalMillis(intervalMillis))
                .build());
        return true;
    }

    private static boolean refuse(ProtocolSession session, Error.Code code, String reason) {
        LOG.warn("Refusing {}: {}", session.describePeer(), reason);
        session.fail(code, reason);
        return false;
    }
}
