package dev.adclick.query.ingest;

/**
 * Layer-1 counters summed over the ingest instances that answered.
 *
 * @param duplicates  {@code adclick_clicks_total{outcome="duplicate"}}, null if no instance answered
 * @param rejected    {@code adclick_clicks_total{outcome="rejected"}}, null if no instance answered
 * @param instances   configured instances
 * @param unavailable instances that did not answer (down, timed out, not Prometheus text)
 */
public record IngestCounters(Long duplicates, Long rejected, int instances, int unavailable) {}
