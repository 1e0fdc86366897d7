package dev.adclick.ingest.internal.publish;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the cluster every two seconds whether the topics (clicks and impressions) are there, so
 * /healthz can name Kafka's state even while no event is flowing. Both, because the sender sends in
 * spool order: a missing impressions topic would hold the clicks behind it too, and /healthz is where
 * an operator sees that. Asynchronous: nothing waits on the answer.
 */
public final class KafkaHealthProbe implements AutoCloseable {
    private static final long PERIOD_MS = 2_000;
    private final Admin admin;
    private final List<String> topics;
    private final ScheduledFuture<?> task;
    private volatile long lastOkMillis;
    private volatile String lastError = "not checked yet";

    public KafkaHealthProbe(String bootstrapServers, List<String> topics, ScheduledExecutorService timer) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1900");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "adclick-ingest-health");
        this.admin = Admin.create(p);
        this.topics = List.copyOf(topics);
        this.task = timer.scheduleWithFixedDelay(this::probe, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        Map<String, KafkaFuture<TopicDescription>> each = admin.describeTopics(topics).topicNameValues();
        KafkaFuture.allOf(each.values().toArray(new KafkaFuture<?>[0])).whenComplete((ignored, e) -> {
            if (e == null) {
                lastOkMillis = System.currentTimeMillis();
                lastError = null;
                return;
            }
            // Kafka's "does not host this topic-partition" names no topic: say which one is missing
            StringBuilder which = new StringBuilder();
            each.forEach((topic, f) -> {
                if (f.isCompletedExceptionally()) which.append(which.length() == 0 ? "topic " : ", ").append(topic);
            });
            lastError = (which.length() == 0 ? "" : which + ": ") + e.getClass().getSimpleName() + ": " + e.getMessage();
        });
    }

    /** True if every topic was seen within the last few probe periods. */
    public boolean reachable() {
        return System.currentTimeMillis() - lastOkMillis < 3 * PERIOD_MS;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        task.cancel(false);
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
