/**
 * Allot's wire protocol: a {@link org.allot.protocol.ProtocolServer} accepts sessions, a
 * {@link org.allot.protocol.ProtocolClient} opens them, and both hand each peer's messages to a
 * {@link org.allot.protocol.MessageHandler} through a {@link org.allot.protocol.Connection}.
 * <p>
 * A frame is a 4-byte big-endian length followed by one protobuf
 * {@link org.allot.protocol.proto.Envelope}. The first frame a client sends is a {@code Hello};
 * the server answers {@code Welcome}, or an {@code Error} naming the reason and closes the
 * session. Idle sessions exchange {@code Ping}/{@code Pong}; a peer silent for longer than the
 * heartbeat interval plus the heartbeat timeout is closed and reported through
 * {@link org.allot.protocol.MessageHandler#onClose} with
 * {@link org.allot.protocol.CloseReason#HEARTBEAT_TIMEOUT}. The transport (Apache MINA) stays private.
 *
 * <p>1.1.0 (alloc-ops): {@code Messages.killTask} with a reason, {@code Messages.inverseOffers},
 * {@code Wire} for inverse offers and kill reasons.
 */
@Export
@Version("1.1.0")
package org.allot.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
