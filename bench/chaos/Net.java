import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.cli.chaos.ChaosFaults;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The soak's small helpers: HTTP with a hard bound, waits, Redis commands, signals, time labels, the progress line. */
final class Net {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;
    // HTTP/1.1: the default h2c upgrade attempt can hang past every timeout when the server dies mid-exchange (seen here)
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Net() {}

    /** A request with a hard bound of 10 s however the server fails (closed, stopped, killed mid-answer). */
    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> f = HTTP.sendAsync(request, body);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("no answer in 10 s: " + request.uri());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    static boolean httpOk(String url) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** GET with the admin key, retried for a minute (the query API answers 503 while a store is down). */
    static JsonNode query(String base, String adminKey, String path) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return JSON.readTree(r.body());
                if (attempt > 30) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
            } catch (IOException e) {
                if (attempt > 30) throw e;
            }
            pause(2_000);
        }
    }

    /** One command in RESP over a fresh connection ({@code ChaosFaults.redisCommand}); a failure is said, not thrown. */
    static void redisCommand(int port, String... words) {
        try {
            ChaosFaults.redisCommand(port, words);
        } catch (IOException e) {
            say("  redis " + words[0] + ": " + e.getMessage());
        }
    }

    /** kill -9 of whatever listens on this port (the redis-server that embedded-redis started). */
    static void killListener(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
        if (!m.find()) throw new IllegalStateException("nothing listens on " + port + ": " + out);
        new ProcessBuilder("kill", "-9", m.group(1)).inheritIO().start().waitFor();
    }

    static void signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).inheritIO().start().waitFor();
    }

    interface Check { boolean ok() throws Exception; }

    static void await(String what, Check c, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(what + " did not come up in " + max.toSeconds() + " s");
            pause(250);
        }
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    static String hourLabel(long h) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(h));
    }

    static synchronized void say(String s) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + s);
        System.out.flush();
    }
}
