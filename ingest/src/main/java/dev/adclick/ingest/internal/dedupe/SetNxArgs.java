package dev.adclick.ingest.internal.dedupe;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * The arguments of layer 1's one command, {@code SET <key> 1 PX <ttl> NX}, written straight into
 * Lettuce's command buffer as RESP: the key's bulk string, then a tail of constant bytes made once.
 * Lettuce's generic {@code CommandArgs} (an argument object per word, each length and number
 * formatted per command) took about a third of the Redis client's CPU in the click benchmark
 * (docs/benchmarks.md, Click redirect, issue 15). The bytes on the wire are the same command.
 */
final class SetNxArgs extends CommandArgs<String, String> {
    /** key, value, PX, ttl, NX. */
    private static final int ARGUMENTS = 5;

    private static final int CRLF_SHORT = '\r' << 8 | '\n';

    private final String key;
    private final byte[] tail;

    private SetNxArgs(String key, byte[] tail) {
        super(StringCodec.UTF8);
        this.key = key;
        this.tail = tail;
    }

    /** The constant part after the key: {@code 1 PX <ttl> NX} as RESP bulk strings (Lettuce's order). */
    static byte[] tail(long ttlMillis) {
        String ttl = Long.toString(ttlMillis);
        return ("$1\r\n1\r\n$2\r\nPX\r\n$" + ttl.length() + "\r\n" + ttl + "\r\n$2\r\nNX\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static SetNxArgs of(String key, byte[] tail) {
        return new SetNxArgs(key, tail);
    }

    @Override
    public int count() {
        return ARGUMENTS;
    }

    @Override
    public void encode(ByteBuf buf) {
        int len = ByteBufUtil.utf8Bytes(key);
        buf.writeByte('$');
        ByteBufUtil.writeAscii(buf, Integer.toString(len));
        buf.writeShort(CRLF_SHORT);
        ByteBufUtil.reserveAndWriteUtf8(buf, key, len);
        buf.writeShort(CRLF_SHORT);
        buf.writeBytes(tail);
    }

    @Override
    public java.nio.ByteBuffer getFirstEncodedKey() {
        return codec.encodeKey(key);
    }

    @Override
    public String toCommandString() {
        return "key<" + key + "> value<1> NX PX";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " [key=" + key + "]";
    }
}
