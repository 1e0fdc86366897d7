package dev.adclick.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a Flink process's Prometheus endpoint (FlinkNodes.metricsUrls) for the tests. */
final class FlinkMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkMetrics() {}

    /** The endpoint's text; fails the test unless it answers 200. */
    static String scrape(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    /** The sum of a metric's samples whose label text contains {@code labelFragment} (e.g. {@code events="clicks"}). */
    static double sum(String text, String metric, String labelFragment) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$").matcher(text);
        double total = 0;
        while (m.find()) if (m.group(1).contains(labelFragment)) total += Double.parseDouble(m.group(2));
        return total;
    }
}
