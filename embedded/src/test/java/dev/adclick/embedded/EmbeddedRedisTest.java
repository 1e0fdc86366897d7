package dev.adclick.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link EmbeddedRedis}: a real server that answers, stops and comes back. */
class EmbeddedRedisTest {
    @TempDir
    Path dir;

    @Test
    void answersPingAndRestartsOnTheSamePort() throws Exception {
        try (EmbeddedRedis redis = new EmbeddedRedis(dir, 0).start()) {
            assertThat(ping(redis.port())).isEqualTo("+PONG");
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            redis.start();
            assertThat(ping(redis.port())).isEqualTo("+PONG");
        }
    }

    private static String ping(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void reclaimsAServerLeftRunningByAnEarlierRunInTheSameDirectory() throws Exception {
        EmbeddedRedis crashed = new EmbeddedRedis(dir, 0).start();
        // the earlier run "died" without stopping its server; a new one on the same port and dir takes over
        try (EmbeddedRedis next = new EmbeddedRedis(dir, crashed.port()).start()) {
            assertThat(ping(next.port())).isEqualTo("+PONG");
            assertThat(next.isRunning()).isTrue();
        }
    }
}
