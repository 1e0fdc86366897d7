package dev.adclick.ingest.internal;

import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.ingest.internal.dedupe.ClickDeduper;
import dev.adclick.ingest.internal.dedupe.DedupeVerdict;
import dev.adclick.ingest.internal.spool.ClickSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happens to a click after its redirect was answered: layer-1 dedupe, then the spool (from
 * where the sender publishes it to Kafka). Runs on whatever thread completes the dedupe check;
 * never blocks.
 */
public final class ClickPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ClickPipeline.class);
    private static final long OVERFLOW_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClickDeduper deduper;
    private final ClickSpool spool;
    private final IngestMetrics metrics;
    private final LongAdder checking = new LongAdder();
    private final AtomicLong lastOverflowLog = new AtomicLong(System.nanoTime() - OVERFLOW_LOG_EVERY_NANOS);

    public ClickPipeline(ClickDeduper deduper, ClickSpool spool, IngestMetrics metrics) {
        this.deduper = deduper;
        this.spool = spool;
        this.metrics = metrics;
    }

    /** Dedupes the click, then spools it unless it is a known duplicate. */
    public void submit(Click click) {
        checking.increment();
        deduper.check(click.getClickId()).whenComplete((verdict, e) -> {
            try {
                if (verdict == DedupeVerdict.DUPLICATE) {
                    metrics.duplicate();
                } else {
                    spool(click);
                }
            } finally {
                checking.decrement();
            }
        });
    }

    private void spool(Click click) {
        if (spool.append(click.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(click))) return;
        metrics.spoolOverflow();
        long last = lastOverflowLog.get();
        long now = System.nanoTime();
        if (now - last >= OVERFLOW_LOG_EVERY_NANOS && lastOverflowLog.compareAndSet(last, now)) {
            LOG.error("Click spool queue full or closed: clicks are lost (disk full, failing or too slow for the click rate?); see adclick_spool_lost_total and /healthz");
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
