package dev.adclick.ingest.internal;

import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.internal.dedupe.ClickDeduper;
import dev.adclick.ingest.internal.dedupe.DedupeVerdict;
import dev.adclick.ingest.internal.spool.ClickSpool;
import dev.adclick.ingest.internal.spool.SpoolTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What happens to an event after its HTTP answer was written: layer-1 dedupe, then the spool (from
 * where the sender publishes it to its Kafka topic). Clicks and impressions take the same path, so
 * they share its guarantees (outages, crashes, disk full). Runs on whatever thread completes the
 * dedupe check; never blocks.
 */
public final class EventPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(EventPipeline.class);
    private static final long OVERFLOW_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClickDeduper deduper;
    private final ClickSpool spool;
    private final IngestMetrics metrics;
    private final LongAdder checking = new LongAdder();
    private final AtomicLong lastOverflowLog = new AtomicLong(System.nanoTime() - OVERFLOW_LOG_EVERY_NANOS);
    // made once: the spool runs them per written record
    private final Runnable clickDurable;
    private final Runnable servedDurable;
    private final Runnable renderedDurable;

    public EventPipeline(ClickDeduper deduper, ClickSpool spool, IngestMetrics metrics) {
        this.deduper = deduper;
        this.spool = spool;
        this.metrics = metrics;
        this.clickDurable = metrics::acceptedClick;
        this.servedDurable = () -> metrics.impressionAccepted(ImpressionKind.SERVED);
        this.renderedDurable = () -> metrics.impressionAccepted(ImpressionKind.RENDERED);
    }

    /** Dedupes the click by its click id, then spools it unless it is a known duplicate. */
    public void submit(Click click) {
        checkThenSpool(click.getClickId(), SpoolTopic.CLICKS, click.getAdId(), () -> ClickJson.toBytes(click), clickDurable, metrics::duplicate);
    }

    /**
     * A rendered impression (the beacon loaded): dedupes it by impression id and kind
     * ({@link Impression#dedupeId()}, {@code <id>/rendered}), so a page that loads the beacon again
     * publishes nothing, then spools it. Its Redis key cannot meet a click's: click ids are
     * {@code i-…} or {@code f-…} and have no '/'.
     */
    public void submitRendered(Impression rendered) {
        checkThenSpool(rendered.dedupeId(), SpoolTopic.IMPRESSIONS, rendered.getAdId(), () -> ImpressionJson.toBytes(rendered), renderedDurable,
                () -> metrics.impressionDuplicate(ImpressionKind.RENDERED));
    }

    /**
     * A served impression: spooled without a layer-1 check. Its impression id was minted for this
     * very serve (128 random bits), so no earlier event can share its dedupe id: a Redis command per
     * served ad (the busiest path) could only ever answer "first". Copies that arise later (a resend
     * around a crash or an outage) are layer 2's, as for every event.
     */
    public void spoolServed(Impression served) {
        spool(SpoolTopic.IMPRESSIONS, served.getAdId(), ImpressionJson.toBytes(served), servedDurable);
    }

    private void checkThenSpool(String dedupeId, SpoolTopic topic, String adId, Supplier<byte[]> value, Runnable durable, Runnable duplicate) {
        checking.increment();
        deduper.check(dedupeId).whenComplete((verdict, e) -> {
            try {
                if (verdict == DedupeVerdict.DUPLICATE) {
                    duplicate.run();
                } else {
                    spool(topic, adId, value.get(), durable);
                }
            } finally {
                checking.decrement();
            }
        });
    }

    private void spool(SpoolTopic topic, String adId, byte[] value, Runnable durable) {
        if (spool.append(topic, adId.getBytes(StandardCharsets.UTF_8), value, durable)) return;
        metrics.spoolOverflow();
        long last = lastOverflowLog.get();
        long now = System.nanoTime();
        if (now - last >= OVERFLOW_LOG_EVERY_NANOS && lastOverflowLog.compareAndSet(last, now)) {
            LOG.error("Spool queue full or closed: clicks and impressions are lost (disk full, failing or too slow for the event rate?);"
                    + " see adclick_spool_lost_total and /healthz");
        }
    }

    /** Waits until no dedupe check is outstanding (they all end within the Redis timeout). */
    public void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (checking.sum() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
