package dev.adclick.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.demo.SentLedger;
import dev.adclick.cli.demo.TrafficGenerator;
import dev.adclick.cli.stack.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --chaos} on the real embedded stack with the schedule sped up: demo traffic while
 * Redis, Kafka, the Flink job and the click service fail and come back; after draining, the chaos
 * panel (read through the query server's admin route, as the dashboard does) shows nothing lost
 * and nothing doubled in any minute; and Chromium, logged in with the admin key, draws the same: an
 * active fault while one is on, every minute's lost and doubled 0, the faults undone. Leaves a
 * screenshot in {@code cli/target/chaos-panel.png}.
 */
class ChaosDemoTest {
    static final FaultSchedule.Timing FAST = new FaultSchedule.Timing(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void everyFaultHappensAndNoMinuteLosesOrDoublesAnything(@TempDir Path dir, @TempDir Path browserProfile) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("data.dir", dir.toString());
        for (String port : new String[] {"ingest.port", "query.port", "kafka.port", "redis.port", "flink.metrics.port"}) s.put(port, "0");
        s.put("checkpoint.interval", "2s");
        s.put("early.firing", "500ms");
        s.put("watermark.out-of-orderness", "2s");
        s.put("trusted.proxies", "127.0.0.1");
        s.put("admin.key", "chaos-admin-key-0123456789");
        s.put("flink.parallelism", "2");
        try (EmbeddedStack stack = EmbeddedStack.start(AdclickConfig.of(s), line -> System.out.println("[stack] " + line))) {
            SentLedger ledger = new SentLedger(TrafficGenerator.doubtMillis());
            TrafficGenerator traffic = new TrafficGenerator(stack.ingestUrl(), 40, ledger);
            ChaosFaults faults = ChaosFaults.start(stack, 7, FAST);
            ChaosPanel chaosPanel = new ChaosPanel(stack.queryUrl(), stack.adminKey(), ledger, faults, stack::reconcileSchedule);
            stack.queryServer().mountAdminJson("chaos", chaosPanel);
            HttpClient http = HttpClient.newHttpClient();
            try (chaosPanel; ChaosPanelInBrowser view = new ChaosPanelInBrowser(stack.queryUrl(), stack.adminKey(), browserProfile)) {
                String activeSeen = null;
                try {
                    traffic.start();
                    long t0 = System.nanoTime();
                    // traffic until each kind has happened and been undone (at least a minute), at most two
                    while (System.nanoTime() - t0 < 120_000_000_000L
                            && (faults.recoveredCounts().size() < Fault.EMBEDDED.size() || System.nanoTime() - t0 < 60_000_000_000L)) {
                        // the panel redraws every 5 s and a fault is on about half the time
                        String line = view.activeLine();
                        if (activeSeen == null && line.startsWith("Active fault:")) activeSeen = line;
                        Thread.sleep(500);
                    }
                    // a fault in progress is undone by close
                    faults.close();
                } finally {
                    traffic.close();
                }
                assertThat(faults.recoveredCounts().keySet()).containsExactlyInAnyOrderElementsOf(Fault.EMBEDDED);
                await("in-flight requests answered", () -> traffic.inFlight() == 0, 60);

                // drain: until every minute balances (or the deadline), then check the panel's document
                JsonNode[] doc = new JsonNode[1];
                await("every minute balanced", () -> {
                    doc[0] = panel(http, stack);
                    return balanced(doc[0]);
                }, 120);
                JsonNode panel = panel(http, stack);
                System.out.println("[chaos] " + panel.path("faults").size() + " faults, totals " + panel.path("totals"));
                assertThat(panel.path("active").isNull()).isTrue();
                assertThat(panel.path("minutes").size()).isGreaterThanOrEqualTo(2);
                for (JsonNode row : panel.path("minutes")) {
                    for (String kind : new String[] {"clicks", "impressions", "served_impressions"}) {
                        assertThat(row.path("lost").path(kind).asLong()).as(row.path("minute") + " lost " + kind).isZero();
                        assertThat(row.path("doubled").path(kind).asLong()).as(row.path("minute") + " doubled " + kind).isZero();
                    }
                }
                for (String kind : new String[] {"clicks", "impressions", "served_impressions"}) {
                    JsonNode t = panel.path("totals").path(kind);
                    assertThat(t.path("owed").asLong()).as("owed " + kind).isPositive();
                    assertThat(t.path("counted").asLong()).as("counted " + kind)
                            .isBetween(t.path("owed").asLong(), t.path("owed").asLong() + t.path("in_doubt").asLong());
                }
                // what the browser drew, once its next redraw has the drained state
                boolean drawn = view.waitFor(Duration.ofSeconds(20), () -> view.activeLine().equals("No fault active")
                        && view.rows().size() >= 6 && view.rows().stream().noneMatch(ChaosPanelInBrowser.Row::flagged));
                view.screenshot(Path.of("target", "chaos-panel.png"));
                assertThat(activeSeen).as("the panel named an active fault while faults ran").isNotNull();
                assertThat(drawn).as("drawn panel after the drain: " + view.activeLine() + " " + view.rows()).isTrue();
                for (ChaosPanelInBrowser.Row row : view.rows()) {
                    assertThat(row.lost()).as("drawn lost " + row).isEqualTo("0");
                    assertThat(row.doubled()).as("drawn doubled " + row).isEqualTo("0");
                }
                assertThat(view.faultLog()).isNotEmpty().allMatch(f -> f.contains("back at"), "every listed fault undone");
                // each drawn minute's clicks row (the one naming the minute) shows the document's online count
                Map<String, String> onlineByMinute = new HashMap<>();
                for (JsonNode m : panel.path("minutes")) onlineByMinute.put(m.path("minute").asText().substring(11, 16), m.path("online").path("clicks").asText());
                int compared = 0;
                for (ChaosPanelInBrowser.Row r : view.rows()) {
                    if (!r.events().equals("Clicks") || !onlineByMinute.containsKey(r.minute())) continue;
                    assertThat(r.online()).as("drawn online clicks of " + r.minute()).isEqualTo(onlineByMinute.get(r.minute()));
                    compared++;
                }
                assertThat(compared).as("drawn minutes found in the document").isGreaterThanOrEqualTo(2);

                // the route is the admin's only
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + "/api/v1/admin/ext/chaos")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);
            }
        }
    }

    static boolean balanced(JsonNode doc) {
        if (doc.path("totals").size() != 3) return false; // the panel's first document is not built yet
        for (JsonNode row : doc.path("minutes")) {
            for (JsonNode v : row.path("lost")) if (v.asLong() != 0) return false;
            for (JsonNode v : row.path("doubled")) if (v.asLong() != 0) return false;
        }
        for (JsonNode t : doc.path("totals")) if (t.path("counted").asLong() < t.path("owed").asLong()) return false;
        return true;
    }

    static JsonNode panel(HttpClient http, EmbeddedStack stack) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + "/api/v1/admin/ext/chaos"))
                .header("Authorization", "Bearer " + stack.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    interface Check { boolean ok() throws Exception; }

    static void await(String what, Check c, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() > deadline) return; // the assertions below say what is off
            Thread.sleep(1_000);
        }
    }
}
