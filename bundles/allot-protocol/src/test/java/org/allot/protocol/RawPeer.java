package org.allot.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;

/**
 * A peer on a plain socket, for sending exactly the bytes a test wants, bad ones included, and for
 * reading what the server answers frame by frame.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawPeer(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(server, 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    static byte[] frame(Envelope envelope) {
        byte[] body = envelope.toByteArray();
        byte[] frame = new byte[4 + body.length];
        frame[0] = (byte) (body.length >>> 24);
        frame[1] = (byte) (body.length >>> 16);
        frame[2] = (byte) (body.length >>> 8);
        frame[3] = (byte) body.length;
        System.arraycopy(body, 0, frame, 4, body.length);
        return frame;
    }

    static Envelope hello(int version, String principal) {
        return Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(version).setRole(Role.AGENT).setPrincipal(principal)).build();
    }

    void send(Envelope envelope) throws IOException {
        send(frame(envelope));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server; fails the test on timeout, returns null at end of stream. */
    Envelope read() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within 10 s", e);
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return Envelope.parseFrom(body);
    }

    /** True if the server closed the connection (end of stream or reset) before any further frame. */
    boolean readsEndOfStream() throws IOException {
        try {
            return read() == null;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
