package dev.adclick.query.ingest;

import io.vertx.core.Future;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scrapes the ingest services' Prometheus {@code /metrics} asynchronously, all instances at once.
 * An instance that is down or slow is counted as unavailable; it never fails the caller.
 */
public final class IngestMetricsScraper {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMetricsScraper.class);
    static final String METRIC = "adclick_clicks_total";

    private final WebClient client;
    private final List<String> urls;
    private final long timeoutMs;

    public IngestMetricsScraper(WebClient client, List<String> urls, Duration timeout) {
        this.client = client;
        this.urls = List.copyOf(urls);
        this.timeoutMs = timeout.toMillis();
    }

    public Future<IngestCounters> scrape() {
        List<Future<long[]>> all = new ArrayList<>();
        for (String url : urls) all.add(scrapeOne(url));
        // join waits for every instance; each one has already turned its failure into null
        return Future.join(all).transform(ignored -> {
            long dup = 0;
            long rej = 0;
            int unavailable = 0;
            for (Future<long[]> f : all) {
                long[] r = f.result();
                if (r == null) {
                    unavailable++;
                } else {
                    dup += r[0];
                    rej += r[1];
                }
            }
            boolean any = unavailable < urls.size();
            return Future.succeededFuture(new IngestCounters(any ? dup : null, any ? rej : null, urls.size(), unavailable));
        });
    }

    private Future<long[]> scrapeOne(String url) {
        return client.getAbs(url).timeout(timeoutMs).send()
                .map(this::counters)
                .otherwise(e -> {
                    LOG.debug("Ingest metrics {} unavailable: {}", url, e.getMessage());
                    return null;
                });
    }

    private long[] counters(HttpResponse<Buffer> r) {
        if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
        String text = r.bodyAsString();
        return new long[] {
            PrometheusText.sum(text, METRIC, "outcome", "duplicate"),
            PrometheusText.sum(text, METRIC, "outcome", "rejected")
        };
    }
}
