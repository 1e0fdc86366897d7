import dev.adclick.aggregator.BenchTruth;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;

/** The aggregator benchmark's events (bench/aggregator): the backlog, the live mix and the producer that sends them. */
final class BenchEvents {
    static final String TOPIC = "clicks";
    static final String IMPRESSIONS = "impressions";
    static final int MIX = Integer.parseInt(System.getProperty("mix", "100"));
    /** The ads the events fall on, {@code ad-0} .. {@code ad-(ADS-1)} (run.sh's ADS, default 1,000 as in the earlier runs). */
    static final int ADS = Integer.parseInt(System.getProperty("ads", "1000"));
    /**
     * The Zipf exponent of the ads' popularity (run.sh's SKEW): 0 (the default) is uniform, the
     * earlier runs' shape; s > 0 gives {@code ad-k} a share proportional to 1 / (k + 1)^s, so
     * {@code ad-0} is the busiest. Drawn by commons-math3 (on the job's classpath through Flink),
     * with its own seeded generator so a run's ads are the same every time.
     */
    static final double SKEW = Double.parseDouble(System.getProperty("skew", "0"));
    private static final ZipfDistribution POPULARITY = SKEW > 0 ? new ZipfDistribution(new JDKRandomGenerator(3), ADS, SKEW) : null;

    private BenchEvents() {
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "1");
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(512 * 1024));
        p.put("buffer.memory", String.valueOf(256L * 1024 * 1024));
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * N events on {@link #ADS} ads ({@link #SKEW}), event time advancing ~100k events per minute: with a mix, every
     * (mix+1)-th event a click, the others impressions (each served, ~80 % then rendered, users from
     * 1M); ~3 % of events redeliver one of the last 100 events (duplicates).
     */
    static long preload(EmbeddedKafka kafka, long n, long base, BenchTruth truth) {
        Random rnd = new Random(1);
        long ts = base;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (long i = 0; i < n; i++) {
                ts = base + i * 60_000 / 100_000 + rnd.nextInt(1000);
                producer.send(event(rnd, i, ts, "", i > 100 && rnd.nextInt(33) == 0, truth));
            }
            producer.flush();
        }
        return ts;
    }

    /** The last 100 events produced, with what the truth was told, for redeliveries. */
    record Sent(ProducerRecord<byte[], byte[]> record, Click click, Impression impression) {}
    static final Sent[] RECENT = new Sent[100];

    /**
     * Event {@code i} of the mix, as a record to produce. A duplicate redelivers one of the last 100
     * events exactly (same key, so same partition, same value), as a producer retry or a replayed
     * beacon does: the job's first arrival of an id is then the truth's too.
     */
    static ProducerRecord<byte[], byte[]> event(Random rnd, long i, long ts, String prefix, boolean duplicate, BenchTruth truth) {
        if (duplicate) {
            Sent earlier = RECENT[(int) ((i - 1 - rnd.nextInt(100)) % RECENT.length)];
            if (truth != null) {
                if (earlier.click() != null) truth.click(earlier.click()); else truth.impression(earlier.impression());
            }
            return earlier.record();
        }
        String ad = "ad-" + (POPULARITY == null ? rnd.nextInt(ADS) : POPULARITY.sample() - 1);
        int user = rnd.nextInt(1_000_000);
        Sent sent;
        if (MIX == 0 || i % (MIX + 1) == 0) {
            Click c = new Click(prefix + "c-" + i, ad, "imp-" + i, ts, "ip-" + user, "ua-1", rnd.nextBoolean());
            sent = new Sent(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)), c, null);
        } else {
            // served and rendered alternate roughly: an impression id's rendered event follows its served one
            ImpressionKind kind = rnd.nextInt(9) < 4 ? ImpressionKind.RENDERED : ImpressionKind.SERVED;
            Impression imp = new Impression(prefix + "i-" + (kind == ImpressionKind.RENDERED ? i - 1 : i), ad, kind, ts, "home", "ip-" + user, "ua-1");
            sent = new Sent(new ProducerRecord<>(IMPRESSIONS, ad.getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(imp)), null, imp);
        }
        if (truth != null) {
            if (sent.click() != null) truth.click(sent.click()); else truth.impression(sent.impression());
        }
        RECENT[(int) (i % RECENT.length)] = sent;
        return sent.record();
    }
}
