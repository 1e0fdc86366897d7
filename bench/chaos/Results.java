import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/** The end of a soak: drain (the query API's counts stop changing), count, and the table of owed, counted, lost and doubled. */
final class Results {
    record Counted(long clicks, long rendered, long served) {}

    final Truth truth;
    final String queryUrl;
    final String adminKey;

    Results(Truth truth, String queryUrl, String adminKey) {
        this.truth = truth;
        this.queryUrl = queryUrl;
        this.adminKey = adminKey;
    }

    /** Waits until the counts the query API answers stop changing (the job has caught up), then returns them. */
    Counted drain(long t0, long t1) throws Exception {
        Counted last = null;
        long stableSince = System.currentTimeMillis();
        long deadline = System.currentTimeMillis() + 10 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            Counted now = counted(t0, t1);
            if (!now.equals(last)) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 45_000 && System.currentTimeMillis() > t1 + 90_000) {
                return now;
            }
            Net.say("  online: " + now + " (owed " + truth.clicks() + " clicks, " + truth.rendered() + " rendered)");
            Net.pause(5_000);
        }
        return last;
    }

    /** Totals over every ad the senders used, from three hours before the run (the late Kafka clicks) to ten minutes after. */
    Counted counted(long t0, long t1) throws Exception {
        long from = t0 - 3 * Net.HOUR, to = t1 + 10 * 60_000;
        long clicks = 0, rendered = 0, served = 0;
        Set<String> ads = new TreeSet<>(truth.clicks.keySet());
        ads.addAll(truth.rendered.keySet());
        ads.addAll(truth.served.keySet());
        for (String ad : ads) {
            JsonNode t = Net.query(queryUrl, adminKey, "/api/v1/ads/" + ad + "/totals?from=" + Net.iso(from) + "&to=" + Net.iso(to));
            clicks += t.path("clicks").asLong() + t.path("suspicious_clicks").asLong();
            rendered += t.path("impressions").asLong();
            served += t.path("served_impressions").asLong();
        }
        return new Counted(clicks, rendered, served);
    }

    /** Every hour the run's events fall in, the late Kafka clicks' hours included, in order. */
    List<Long> hours(long t0, long t1) {
        List<Long> hours = new ArrayList<>(truth.kafkaByHour.keySet());
        for (long h = Math.floorDiv(t0, Net.HOUR) * Net.HOUR; h < t1; h += Net.HOUR) if (!hours.contains(h)) hours.add(h);
        Collections.sort(hours);
        return hours;
    }

    void report(String title, Map<String, LongAdder> faults, Counted online, Counted reconciled, Traffic traffic, String lossNote) {
        long owedClicks = truth.clicks(), owedRendered = truth.rendered();
        System.out.println();
        System.out.println("## " + title + " " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("faults injected: " + faults + " (" + faults.values().stream().mapToLong(LongAdder::sum).sum() + ")");
        System.out.println("| | clicks | rendered impressions | served impressions |");
        System.out.println("|---|---|---|---|");
        System.out.println("| sent and accepted (owed) | " + owedClicks + " (" + truth.lateKafka.sum() + " of them 2 h old) | "
                + owedRendered + " | " + truth.served() + " |");
        System.out.println("| counted online | " + online.clicks + " | " + online.rendered + " | " + online.served + " |");
        if (reconciled != null) {
            System.out.println("| counted after reconcile | " + reconciled.clicks + " | " + reconciled.rendered + " | " + reconciled.served + " |");
        }
        Counted fin = reconciled == null ? online : reconciled;
        long doubt = truth.inDoubtClicks();
        System.out.println("| in doubt (sent, no answer: may count or not) | " + doubt + " | | |");
        System.out.println("| lost | " + Math.max(0, owedClicks - fin.clicks) + " | " + Math.max(0, owedRendered - fin.rendered) + " | "
                + Math.max(0, truth.served() - fin.served) + " |");
        System.out.println("| doubled | " + Math.max(0, fin.clicks - owedClicks - doubt) + " | " + Math.max(0, fin.rendered - owedRendered) + " | "
                + Math.max(0, fin.served - truth.served()) + " |");
        System.out.println("redirect p99: " + p99(traffic.latencyDuringFaults) + " ms during faults (" + traffic.latencyDuringFaults.size() + " clicks), "
                + p99(traffic.latencyCalm) + " ms otherwise (" + traffic.latencyCalm.size() + ")");
        System.out.println(lossNote);
    }

    static String p99(List<Long> nanos) {
        if (nanos.isEmpty()) return "-";
        List<Long> s;
        synchronized (nanos) {
            s = new ArrayList<>(nanos);
        }
        Collections.sort(s);
        return String.format("%.1f", s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.99) - 1)) / 1e6);
    }
}
