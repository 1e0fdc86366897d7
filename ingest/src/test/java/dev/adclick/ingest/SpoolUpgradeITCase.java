package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.internal.spool.PreImpressionsSpool;
import dev.adclick.ingest.token.ClickTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An upgrade over a spool that the release before impressions left: its clicks still go to the clicks topic. */
class SpoolUpgradeITCase extends IngestTestBase {
    @Test
    void spoolLeftByTheReleaseBeforeImpressionsIsSentToClicks(@TempDir Path tmp) throws Exception {
        Path spool = tmp.resolve("spool");
        List<String> impressions = new ArrayList<>();
        List<PreImpressionsSpool.OldRecord> old = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String imp = ClickTokens.newImpressionId();
            impressions.add(imp);
            Click c = new Click(ClickHasher.verifiedClickId(imp), "ad-" + (i % 3 + 1), imp, System.currentTimeMillis(), "ip", "ua", true);
            old.add(new PreImpressionsSpool.OldRecord(c.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
        }
        PreImpressionsSpool.write(spool, old);
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            long failedSends;
            try (IngestServer upgraded = IngestServer.start(options(kafka.bootstrapServers(), topic, spool).build(),
                    AdCatalogHolder.fixed(catalog()))) {
                await("old spool sent", Duration.ofSeconds(60), () -> metric(upgraded.port(), "adclick_spool_depth") == 0);
                failedSends = (long) metric(upgraded.port(), "adclick_publish_failed_records_total");
            }
            List<Published> clicks = readTopic(kafka.bootstrapServers(), topic, 25, Duration.ofSeconds(30));
            KafkaOutageITCase.assertExactlyTheseClicks(clicks, impressions, failedSends);
            for (Published p : clicks) assertThat(p.key()).isEqualTo(p.click().getAdId());
            assertThat(readRecords(kafka.bootstrapServers(), impressionsTopic(topic), 0, Duration.ofSeconds(5))).as("the impressions topic").isEmpty();
        }
    }
}
