package org.allot.election.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.allot.protocol.link.MasterAddress;

/**
 * What a master's latch node says about it, and the epoch its node's name gives. A contender's node
 * holds {@code id@host:port} (its master id and where it serves); ZooKeeper names the node
 * {@code ..latch-0000000012}, and that sequence number plus one is the leader epoch: sequence numbers
 * under one parent only grow, and a node can only lead once every older node is gone, so each new
 * leader has a larger epoch than every leader before it. Stateless.
 */
public final class Participant {

    private static final String LATCH = "latch-";

    private Participant() {
    }

    /** The bytes a contender's node holds. */
    public static byte[] encode(String masterId, String hostPort) {
        return (masterId + "@" + hostPort).getBytes(StandardCharsets.UTF_8);
    }

    /** The latch node's sequence number plus one, or -1 if {@code nodeName} is not a latch node. */
    public static long epoch(String nodeName) {
        if (nodeName == null) {
            return -1;
        }
        int at = nodeName.lastIndexOf(LATCH);
        if (at < 0) {
            return -1;
        }
        String digits = nodeName.substring(at + LATCH.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits) + 1;
    }

    /** The address a node's data and name give, or empty if the data is not {@code id@host:port}. */
    public static Optional<MasterAddress> decode(byte[] data, String nodeName) {
        long epoch = epoch(nodeName);
        if (data == null || epoch < 0) {
            return Optional.empty();
        }
        String text = new String(data, StandardCharsets.UTF_8);
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        try {
            MasterAddress a = MasterAddress.parse("leader address", text.substring(at + 1));
            return Optional.of(new MasterAddress(a.host(), a.port(), epoch, Optional.of(text.substring(0, at))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
