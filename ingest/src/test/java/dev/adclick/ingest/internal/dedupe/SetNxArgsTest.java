package dev.adclick.ingest.internal.dedupe;

import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-encoded layer-1 command is byte for byte the command Lettuce's own {@code set(key, "1", nx().px(ttl))} writes. */
class SetNxArgsTest {
    @Test
    void encodesTheSameBytesAsLettucesSet() {
        for (String key : new String[] {"adclick:dedupe:i-AAAAAAAAAAAAAAAAAAAAAA", "adclick:dedupe:f-x", "adclick:dedupe:é/rendered", "k"}) {
            for (long ttl : new long[] {1, 999, 300_000, 86_400_000_000L}) {
                CommandArgs<String, String> lettuce = new CommandArgs<>(StringCodec.UTF8).addKey(key).addValue("1");
                SetArgs.Builder.nx().px(ttl).build(lettuce);
                String expected = encode(lettuce);
                assertThat(encode(SetNxArgs.of(key, SetNxArgs.tail(ttl)))).as("key %s, ttl %d", key, ttl).isEqualTo(expected);
                assertThat(expected).startsWith("*6\r\n$3\r\nSET\r\n").endsWith("$2\r\nPX\r\n$" + Long.toString(ttl).length() + "\r\n" + ttl + "\r\n$2\r\nNX\r\n");
            }
        }
    }

    private static String encode(CommandArgs<String, String> args) {
        ByteBuf buf = Unpooled.buffer();
        new Command<>(CommandType.SET, new StatusOutput<>(StringCodec.UTF8), args).encode(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
