package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Kafka broker and Redis server per test class (they take seconds to start), and per test
 * its own topics and an {@link IngestServer} on them with layer 1 on: the HTTP contract tests.
 */
abstract class SharedBrokerTestBase extends IngestTestBase {
    protected static EmbeddedKafka kafka;
    protected static EmbeddedRedis redis;
    protected final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));
    protected final ClickHasher hasher = new ClickHasher(SALT);

    @TempDir
    protected Path tmp;
    protected String topic;
    protected IngestServer server;
    protected int port;

    @BeforeAll
    static void startBackends(@TempDir Path dir) throws Exception {
        kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        redis = new EmbeddedRedis(dir.resolve("redis"), 0).start();
    }

    @AfterAll
    static void stopBackends() {
        if (kafka != null) kafka.close();
        if (redis != null) redis.close();
    }

    /** The server's layer-1 deadline: longer than in production, so a busy test machine does not turn checks into fallbacks. */
    protected Duration redisTimeout() {
        return Duration.ofMillis(50);
    }

    @BeforeEach
    void startServer() throws Exception {
        topic = newTopicName();
        createTopics(kafka, topic);
        server = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                .redisUri(redis.uri()).redisTimeout(redisTimeout()).build(), AdCatalogHolder.fixed(catalog()));
        port = server.port();
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }
}
