package dev.adclick.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clicks of one closed hour, produced straight into Kafka in the topic format, that the stream
 * cannot get right and reconciliation must: on-time clicks (counted by the stream while its
 * watermark is still in that hour), duplicates of them sent again after the job's dedupe TTL (the
 * stream counts them a second time), and clicks that arrive after the allowed lateness (the stream
 * drops them; they are only archived). {@link #truth()} is what the hour really had: every click
 * id once, in the minute of its ts.
 */
final class ClosedHourClicks implements AutoCloseable {
    static final List<String> ADS = List.of("ad-801", "ad-802", "ad-803");
    static final int ON_TIME = 12;
    /** Of the on-time clicks, how many are sent again after the TTL (while still on time). */
    static final int DUPLICATED_AFTER_TTL = 3;
    /** Late clicks in the on-time clicks' minute (all on the first ad, so its row grows while the others shrink) and in another minute. */
    static final int LATE_IN_FIRST_MINUTE = 2;
    static final int LATE_IN_OTHER_MINUTE = 4;

    final long hour;
    final long firstMinute;
    final long otherMinute;
    private final KafkaProducer<String, String> producer;
    private final ExpectedCounts truth = new ExpectedCounts();
    /** What the stream counts: on-time clicks and the duplicates after the TTL, not the late ones. */
    private final ExpectedCounts streamCounted = new ExpectedCounts();
    /** click id → how many copies were produced (what the archive must hold, each copy once). */
    private final Map<String, Integer> copies = new java.util.TreeMap<>();
    private final List<String> messages = new ArrayList<>();

    ClosedHourClicks(long hourStart, String bootstrap) {
        this.hour = hourStart;
        this.firstMinute = hourStart + 20 * ExpectedCounts.MINUTE;
        this.otherMinute = hourStart + 40 * ExpectedCounts.MINUTE;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer());
    }

    /** The on-time clicks, all in one minute (its window stays open: no later event time is sent before the load). */
    void sendOnTime() throws Exception {
        for (int i = 0; i < ON_TIME; i++) send("closed-on-time-" + i, ADS.get(i % ADS.size()), firstMinute + 1000L * i, true, true);
    }

    /** Copies of the first on-time clicks: the same messages again (a producer's retry long after the first). */
    void sendDuplicates(int n) throws Exception {
        for (int i = 0; i < n; i++) resend(messages.get(i), true);
    }

    /** Clicks for the hour after the watermark has passed it, and one more copy of an on-time click. */
    void sendLate() throws Exception {
        for (int i = 0; i < LATE_IN_FIRST_MINUTE; i++) send("closed-late-" + i, ADS.get(0), firstMinute + 30_000 + 1000L * i, false, false);
        for (int i = 0; i < LATE_IN_OTHER_MINUTE; i++) {
            send("closed-late-other-" + i, ADS.get(i % ADS.size()), otherMinute + 1000L * i, i % 2 == 0, false);
        }
        resend(messages.get(0), false);
    }

    private void send(String clickId, String ad, long ts, boolean verified, boolean counted) throws Exception {
        String value = "{\"v\":1,\"click_id\":\"" + clickId + "\",\"ad_id\":\"" + ad + "\",\"impression_id\":null,\"ts\":" + ts
                + ",\"ip_hash\":\"ip-" + clickId + "\",\"ua_hash\":\"ua-1\",\"verified\":" + verified + "}";
        producer.send(new ProducerRecord<>(LocalCluster.TOPIC, ad, value)).get();
        messages.add(value);
        copies.merge(clickId, 1, Integer::sum);
        truth.add(ad, ts, ts, verified);
        if (counted) streamCounted.add(ad, ts, ts, verified);
    }

    private void resend(String value, boolean counted) throws Exception {
        String ad = field(value, "ad_id");
        producer.send(new ProducerRecord<>(LocalCluster.TOPIC, ad, value)).get();
        copies.merge(field(value, "click_id"), 1, Integer::sum);
        long ts = Long.parseLong(value.replaceAll(".*\"ts\":(\\d+).*", "$1"));
        if (counted) streamCounted.add(ad, ts, ts, value.contains("\"verified\":true"));
    }

    private static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    /** The late clicks' ids (the archive must have them before the hour is reconciled). */
    java.util.Set<String> lateIds() {
        return copies.keySet().stream().filter(id -> id.startsWith("closed-late")).collect(java.util.stream.Collectors.toSet());
    }

    ExpectedCounts streamCounted() {
        return streamCounted;
    }

    ExpectedCounts truth() {
        return truth;
    }

    /** click id → copies produced. */
    Map<String, Integer> copies() {
        return Map.copyOf(copies);
    }

    long end() {
        return hour + 60 * ExpectedCounts.MINUTE;
    }

    @Override
    public void close() {
        producer.close();
    }
}
