package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.embedded.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules ({@code deploy/prometheus/}) against a real Prometheus (Debian's
 * {@code prometheus} package): promtool accepts them and their unit tests pass; then Prometheus
 * scrapes a running stack (the click service and the Flink job's reporter), the job's recording rules
 * see the clicks it reads, Redis is killed under traffic, and the Redis alert goes pending and
 * firing through Prometheus' HTTP API, and resolves once Redis is back.
 */
class PrometheusAlertsTest extends StackTestBase {
    private static final Path DEPLOY = Path.of("..", "deploy", "prometheus").toAbsolutePath().normalize();
    private static final String ALERT = "AdclickRedisDedupeFallingBack";

    @TempDir
    Path dir;
    private Process prometheus;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly();
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        List<String> rules = yamlFiles(DEPLOY.resolve("rules"));
        List<String> tests = yamlFiles(DEPLOY.resolve("tests"));
        assertThat(rules).isNotEmpty();
        assertThat(tests).isNotEmpty();
        assertPromtool(concat(List.of("check", "rules"), rules));
        assertPromtool(concat(List.of("test", "rules"), tests));
        assertPromtool(List.of("check", "config", DEPLOY.resolve("prometheus.yml").toString()));
    }

    @Test
    void theRedisAlertFiresWhenRedisDiesUnderTrafficAndResolvesWhenItReturns() throws Exception {
        try (EmbeddedRedis redis = new EmbeddedRedis(dir.resolve("redis"), 0).start();
             EmbeddedStack stack = EmbeddedStack.start(testConfig(dir.resolve("stack")).with("redis.uri", redis.uri()),
                     line -> System.out.println("[stack] " + line))) {
            int port = FreePorts.pick();
            prometheus = startPrometheus(port, URI.create(stack.ingestUrl()), URI.create(stack.queryUrl()), URI.create(stack.flinkMetricsUrl()));
            String api = "http://127.0.0.1:" + port;
            AtomicBoolean traffic = new AtomicBoolean(true);
            Thread clicker = new Thread(() -> clickSteadily(stack, traffic), "clicker");
            clicker.setDaemon(true);
            clicker.start();
            try {
                awaitCondition("Prometheus scrapes the click service", Duration.ofSeconds(60),
                        () -> "1".equals(instantValue(api, "up{job=\"adclick-ingest\"}")));
                awaitCondition("Prometheus scrapes the query service", Duration.ofSeconds(60),
                        () -> "1".equals(instantValue(api, "up{job=\"adclick-query\"}")));
                awaitCondition("the query service reports the pipeline's event → visible lag", Duration.ofSeconds(60), () -> {
                    String lag = instantValue(api, "adclick_query_freshness_visible_seconds");
                    return lag != null && !lag.equals("NaN") && Double.parseDouble(lag) >= 0;
                });
                awaitCondition("Prometheus scrapes the Flink job", Duration.ofSeconds(60),
                        () -> "1".equals(instantValue(api, "up{job=\"adclick-flink\"}")));
                // the shipped Flink rules over the job's real series: the clicks it reads, none invalid
                awaitCondition("the Flink rules see the clicks the job reads", Duration.ofSeconds(90), () -> {
                    String rate = instantValue(api, "adclick_flink:events_read:rate5m{events=\"clicks\"}");
                    return rate != null && Double.parseDouble(rate) > 0;
                });
                assertThat(instantValue(api, "adclick_flink:events_invalid:ratio5m{events=\"clicks\"}")).isEqualTo("0");
                awaitCondition("Prometheus has a dedupe ratio of 0 (Redis healthy)", Duration.ofSeconds(60),
                        () -> "0".equals(instantValue(api, "adclick:dedupe_fallback:ratio1m")));
                assertThat(alertState(api)).as("no alert while Redis is up").isEqualTo("inactive");

                redis.stop();
                awaitCondition(ALERT + " pending", Duration.ofSeconds(60), () -> !"inactive".equals(alertState(api)));
                awaitCondition(ALERT + " firing", Duration.ofSeconds(90), () -> "firing".equals(alertState(api)));

                redis.start();
                awaitCondition(ALERT + " resolved after Redis came back", Duration.ofSeconds(150), () -> "inactive".equals(alertState(api)));
            } finally {
                traffic.set(false);
                clicker.join(10_000);
            }
        }
    }

    /** A user who keeps being served an ad and clicking it, about 20 times a second. */
    private static void clickSteadily(EmbeddedStack stack, AtomicBoolean running) {
        int i = 0;
        while (running.get()) {
            try {
                String user = "192.0.2." + (i++ % 200 + 1);
                JsonNode ad = serveAd(stack, "home", user);
                get(stack.ingestUrl() + ad.path("click_url").asText(), user, "prometheus-test");
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (Exception | AssertionError e) {
                // the stack is shutting down; the loop ends with running=false
            }
        }
    }

    private Process startPrometheus(int port, URI ingest, URI query, URI flink) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        // The shipped rules as they are; only the scrape target and the intervals are the test's.
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s/rules/*.yml
                scrape_configs:
                  - job_name: adclick-ingest
                    static_configs:
                      - targets: ['%s:%d']
                  - job_name: adclick-query
                    static_configs:
                      - targets: ['%s:%d']
                  - job_name: adclick-flink
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(DEPLOY, ingest.getHost(), ingest.getPort(), query.getHost(), query.getPort(), flink.getHost(), flink.getPort()));
        return new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** The alert's state in Prometheus: inactive, pending or firing. */
    private static String alertState(String api) {
        JsonNode rules = getJson(api + "/api/v1/rules?type=alert");
        for (JsonNode group : rules.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) if (ALERT.equals(rule.path("name").asText())) return rule.path("state").asText();
        }
        return "missing";
    }

    /** The value of an instant query with one result, or null. */
    private static String instantValue(String api, String promql) {
        JsonNode result = getJson(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asText() : null;
    }

    private static JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode(); // Prometheus still starting
        }
    }

    private static void assertPromtool(List<String> args) throws Exception {
        List<String> cmd = concat(List.of("promtool"), args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    private static List<String> yamlFiles(Path d) throws IOException {
        try (var files = Files.list(d)) {
            return files.filter(f -> f.toString().endsWith(".yml")).map(Path::toString).sorted().toList();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
