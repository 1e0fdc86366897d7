package dev.adclick.ingest.internal;

import dev.adclick.ingest.IngestOptions;
import dev.adclick.ingest.internal.dedupe.ClickDeduper;
import dev.adclick.ingest.internal.publish.KafkaHealthProbe;
import dev.adclick.ingest.internal.publish.KafkaSpoolSender;
import dev.adclick.ingest.internal.spool.ClickSpool;
import io.vertx.core.json.JsonObject;

/**
 * The {@code /healthz} document: overall status and the state of kafka, redis and spool (the
 * contract, docs/architecture.md), plus the Kafka sender. Answers whatever is down.
 */
public final class IngestHealth {
    private final IngestOptions opts;
    private final KafkaHealthProbe probe;
    private final KafkaSpoolSender sender;
    private final ClickDeduper deduper;
    private final ClickSpool spool;

    public IngestHealth(IngestOptions opts, KafkaHealthProbe probe, KafkaSpoolSender sender, ClickDeduper deduper, ClickSpool spool) {
        this.opts = opts;
        this.probe = probe;
        this.sender = sender;
        this.deduper = deduper;
        this.spool = spool;
    }

    public JsonObject json() {
        boolean kafkaUp = probe.reachable() && !sender.failing();
        String redis = deduper.state();
        boolean spoolUp = spool.writeError() == null;
        boolean senderUp = "up".equals(sender.state());
        JsonObject kafka = new JsonObject()
                .put("state", kafkaUp ? "up" : "down")
                .put("bootstrap_servers", opts.kafkaBootstrapServers())
                .put("topic", opts.topic())
                .put("in_flight", sender.inFlight());
        String kafkaError = sender.failing() ? sender.lastError() : probe.lastError();
        if (!kafkaUp && kafkaError != null) kafka.put("last_error", kafkaError);
        // The thread that moves the spool to Kafka: "restarting" after an unexpected error, until it runs again.
        JsonObject senderJson = new JsonObject()
                .put("state", sender.state())
                .put("restarts", sender.restarts());
        if (!senderUp && sender.lastError() != null) senderJson.put("last_error", sender.lastError());
        JsonObject spoolJson = new JsonObject()
                .put("state", spoolUp ? "up" : "down")
                .put("dir", opts.spoolDir().toString())
                .put("depth", spool.depth())
                .put("queued", spool.queued())
                .put("bytes", spool.diskBytes())
                // clicks answered but never made durable since the start (full queue while the disk refused writes)
                .put("lost", spool.lost())
                .put("fsync", opts.spoolFsync().name());
        if (!spoolUp) spoolJson.put("last_error", spool.writeError().toString());
        boolean allUp = kafkaUp && senderUp && spoolUp && !"down".equals(redis);
        return new JsonObject()
                .put("status", allUp ? "up" : "degraded")
                .put("kafka", kafka)
                .put("sender", senderJson)
                .put("redis", new JsonObject().put("state", redis))
                .put("spool", spoolJson);
    }
}
