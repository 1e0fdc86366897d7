import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the senders know was accepted: the ground truth, kept on the sending side. A click is owed
 * once its 302 arrived (its impression id; repeats are duplicates), a rendered impression once its
 * GIF arrived, a Kafka click once the broker acknowledged it (re-sent until it did, so the topic may
 * hold copies).
 */
final class Truth {
    final Map<String, Set<String>> clicks = new ConcurrentHashMap<>();
    final Map<String, Set<String>> rendered = new ConcurrentHashMap<>();
    final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    /** Kafka clicks by the UTC hour of their event time. */
    final Map<Long, LongAdder> kafkaByHour = new ConcurrentHashMap<>();
    final LongAdder lateKafka = new LongAdder();
    /** Clicks sent whose answer never came (the service died or hung mid-request): neither owed nor excluded. */
    final Map<String, Set<String>> inDoubt = new ConcurrentHashMap<>();

    void inDoubt(String ad, String impression) {
        inDoubt.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
    }

    /** In-doubt clicks that were not owed anyway (clicked with an answer before or after). */
    long inDoubtClicks() {
        long n = 0;
        for (Map.Entry<String, Set<String>> e : inDoubt.entrySet()) {
            Set<String> owed = clicks.getOrDefault(e.getKey(), Set.of());
            n += e.getValue().stream().filter(i -> !owed.contains(i)).count();
        }
        return n;
    }

    void clicked(String ad, String impression) {
        clicks.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
    }

    void rendered(String ad, String impression) {
        rendered.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
    }

    void kafkaClick(String ad, String id, long ts) {
        clicks.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(id);
        kafkaByHour.computeIfAbsent(Math.floorDiv(ts, Net.HOUR) * Net.HOUR, k -> new LongAdder()).increment();
        if (ts < System.currentTimeMillis() - Net.HOUR) lateKafka.increment();
    }

    long clicks() {
        return clicks.values().stream().mapToLong(Set::size).sum();
    }

    long rendered() {
        return rendered.values().stream().mapToLong(Set::size).sum();
    }

    long served() {
        return served.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
