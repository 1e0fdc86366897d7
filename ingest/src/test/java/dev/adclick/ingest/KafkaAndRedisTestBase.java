package dev.adclick.ingest;

import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.token.ClickTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** A real Kafka broker and Redis server per test (free ports, a temp dir), for the layer-1 tests. */
abstract class KafkaAndRedisTestBase extends IngestTestBase {
    protected final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));

    @TempDir
    protected Path tmp;
    protected EmbeddedKafka kafka;
    protected EmbeddedRedis redis;
    protected String topic;

    @BeforeEach
    void startKafkaAndRedis() throws Exception {
        kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start();
        redis = new EmbeddedRedis(tmp.resolve("redis"), 0).start();
        topic = newTopicName();
        createTopics(kafka, topic);
    }

    @AfterEach
    void stopKafkaAndRedis() {
        if (redis != null) redis.close();
        if (kafka != null) kafka.close();
    }
}
