package dev.adclick.query.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's HTTP client: a GET with the admin key, the body as text, anything but 200 an error.
 * Apache HttpClient 5's classic (blocking, pooled keep-alive) client by default: the caller's thread
 * writes the request and reads the answer, as curl does. The JDK's {@link HttpClient} hands every
 * exchange to its selector and executor threads: 4.6 ms p50 against 0.5 for {@code GET /api/v1/me}
 * on a small server, 0–3 ms more per read in the benchmark's paired runs (docs/benchmarks.md, Query
 * API, "the benchmark's HTTP client"): time of the client, not of the API. {@code -Dbench.client=jdk} (with {@code -Dbench.http=HTTP_1_1|HTTP_2}) measures it.
 */
abstract class BenchHttp implements AutoCloseable {
    private final String authorization;

    private BenchHttp(String adminKey) {
        this.authorization = "Bearer " + adminKey;
    }

    static BenchHttp fromSystemProperties(String adminKey) {
        return switch (System.getProperty("bench.client", "apache")) {
            case "apache" -> new Apache(adminKey);
            case "jdk" -> new Jdk(adminKey, HttpClient.Version.valueOf(System.getProperty("bench.http", "HTTP_1_1")));
            default -> throw new IllegalArgumentException("bench.client is apache or jdk, not " + System.getProperty("bench.client"));
        };
    }

    /** What the header line of the results says about the client. */
    abstract String describe();

    /** The body of {@code url}'s 200 answer. */
    abstract String get(String url) throws Exception;

    static IllegalStateException notOk(String url, int status, String body) {
        return new IllegalStateException(url + " answered " + status + ": " + body);
    }

    private static final class Apache extends BenchHttp {
        private final CloseableHttpClient client = HttpClients.createDefault();

        Apache(String adminKey) {
            super(adminKey);
        }

        @Override
        String describe() {
            return "Apache HttpClient 5 classic, HTTP/1.1 keep-alive";
        }

        @Override
        String get(String url) throws IOException {
            HttpGet get = new HttpGet(url);
            get.setHeader("Authorization", super.authorization);
            return client.execute(get, r -> {
                String body = EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
                if (r.getCode() != 200) throw notOk(url, r.getCode(), body);
                return body;
            });
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    private static final class Jdk extends BenchHttp {
        private final HttpClient client;
        private final HttpClient.Version version;

        Jdk(String adminKey, HttpClient.Version version) {
            super(adminKey);
            this.version = version;
            this.client = HttpClient.newBuilder().version(version).build();
        }

        @Override
        String describe() {
            return "the JDK's HttpClient, " + version;
        }

        @Override
        String get(String url) throws Exception {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", super.authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw notOk(url, r.statusCode(), r.body());
            return r.body();
        }

        @Override
        public void close() {
            // the JDK 17 client has no close(); its threads end with the JVM
        }
    }
}
