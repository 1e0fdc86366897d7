package dev.adclick.store;

/**
 * What the aggregator reports about itself, stored beside the counts so the query API can show
 * freshness and the dropped-click counters in any deployment (embedded or cluster).
 *
 * @param watermark        event-time watermark of the sink, epoch ms (all minutes ending at or
 *                         before it minus the allowed lateness are final)
 * @param updatedAt        wall-clock time of the report, epoch ms
 * @param duplicates       clicks dropped by layer-2 dedupe since the job first started
 * @param invalid          messages on the topic that were not valid clicks
 * @param tooLate          clicks that arrived after their minute closed (archived, not counted online)
 */
public record PipelineStatus(long watermark, long updatedAt, long duplicates, long invalid, long tooLate) {}
