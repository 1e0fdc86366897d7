package dev.adclick.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic demo traffic against the click service, over real HTTP: simulated users (each with
 * its own address in one of several countries, sent as X-Forwarded-For from a trusted local proxy, and a desktop,
 * mobile, tablet or bot user agent) load pages
 * that serve ads; most pages render the ad and load its beacon ({@code impression_url}), the rest
 * block it as ad and tracker blockers do; and about 1–3 % of served ads are clicked, so the
 * dashboard's CTR looks like an ad server's. Click-through rates differ per ad, so a few ads are hot;
 * some users double-click, some pages load the beacon twice; some clicks use the token-less
 * {@code /ads/{id}/click} link.
 *
 * <p>With a {@link SentLedger} (chaos mode) it also keeps the ground truth of what the service
 * accepted, waits longer for answers (a paused Redis holds requests), and sends no token-less
 * clicks: those are deduplicated by the user's address, not by an impression the ledger can name.
 */
public final class TrafficGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
    private static final List<String> PLACEMENTS = List.of("home", "home", "sidebar", "article");
    /** Whole User-Agents, so the click service's parser finds desktop, mobile, tablet and bot devices (in that order, two each of the first two). */
    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    /**
     * /24 networks whose every address the bundled country database places in one country (US, NL, JP, BR, GB, FR;
     * checked address by address), and TEST-NET-2, which has no country (counted as unknown).
     */
    private static final List<String> NETWORKS = List.of("8.8.8.", "193.0.6.", "133.11.0.", "200.160.0.", "81.2.69.", "80.67.169.", "198.51.100.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ingestUrl;
    private final int pageViewsPerSecond;
    private final Random random = new Random();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-traffic");
        t.setDaemon(true);
        return t;
    });
    /** Share of pages whose beacon loads; the rest block it (ad blockers, privacy tools). */
    private static final double BEACON_LOADS = 0.87;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong beacons = new AtomicLong();
    private final AtomicLong clicks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    /** Numbers each request ({@link #REQUEST_ID}): the JDK client resends a GET whose pooled connection closed, the same number twice. */
    private final AtomicLong requestIds = new AtomicLong();
    /** The header that carries a request's number, so a receiver can tell a resent request from a new one. */
    public static final String REQUEST_ID = "X-Request-Id";
    private final SentLedger ledger;
    private final Duration timeout;

    public TrafficGenerator(String ingestUrl, int pageViewsPerSecond) {
        this(ingestUrl, pageViewsPerSecond, null);
    }

    /** @param ledger where to keep the ground truth (chaos mode), or null */
    public TrafficGenerator(String ingestUrl, int pageViewsPerSecond, SentLedger ledger) {
        this.ledger = ledger;
        this.timeout = Duration.ofMillis(ledger == null ? 5_000 : doubtMillis());
        if (pageViewsPerSecond < 1) throw new IllegalArgumentException("pageViewsPerSecond must be >= 1, was " + pageViewsPerSecond);
        this.ingestUrl = ingestUrl;
        this.pageViewsPerSecond = pageViewsPerSecond;
    }

    public void start() {
        long periodMicros = 1_000_000L / pageViewsPerSecond;
        timer.scheduleAtFixedRate(this::pageView, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    public long adsServed() {
        return served.get();
    }

    public long beaconsLoaded() {
        return beacons.get();
    }

    public long clicksSent() {
        return clicks.get();
    }

    public long errors() {
        return errors.get();
    }

    /** Page views and requests not yet answered or failed (their ledger entries are written once this is 0). */
    public long inFlight() {
        return inFlight.get();
    }

    /** The chaos ledger's longest window for an unanswered request: the request timeout. */
    public static long doubtMillis() {
        return 30_000L;
    }

    private void pageView() {
        int user = random.nextInt(5000);
        // sent as X-Forwarded-For, which the demo stack trusts from 127.0.0.1 only: the addresses are never contacted
        String ip = NETWORKS.get(user % NETWORKS.size()) + (user / NETWORKS.size() % 250 + 1);
        String agent = AGENTS.get(user / 7 % AGENTS.size()); // not user % 6: every network gets every device
        String placement = PLACEMENTS.get(random.nextInt(PLACEMENTS.size()));
        long sent = System.currentTimeMillis();
        track(get(ingestUrl + "/ads/serve?placement=" + placement, ip, agent,
                () -> { if (ledger != null) ledger.inDoubt(SentLedger.Kind.SERVED, null, null, sent); }).thenAccept(resp -> {
            if (resp == null || resp.statusCode() != 200) return;
            try {
                served.incrementAndGet();
                JsonNode ad = JSON.readTree(resp.body());
                String adId = ad.path("ad_id").asText();
                String impression = ad.path("impression_id").asText();
                if (ledger != null) ledger.accepted(SentLedger.Kind.SERVED, adId, impression, sent, System.currentTimeMillis());
                if (random.nextDouble() < BEACON_LOADS) {
                    beacon(path(ad.path("impression_url").asText()), ip, agent, adId, impression);
                    if (random.nextInt(30) == 0) beacon(path(ad.path("impression_url").asText()), ip, agent, adId, impression); // a re-render: a duplicate
                }
                // clicked whether or not the beacon loaded: a blocked beacon is no blocked click
                if (random.nextDouble() >= clickThroughRate(adId)) return;
                boolean tokenless = ledger == null && random.nextInt(20) == 0;
                String path = tokenless ? "/ads/" + adId + "/click" : path(ad.path("click_url").asText());
                click(path, ip, agent, adId, impression);
                if (random.nextInt(10) == 0) click(path, ip, agent, adId, impression); // an impatient double click
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }));
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        inFlight.incrementAndGet();
        return f.whenComplete((r, e) -> inFlight.decrementAndGet());
    }

    /** Clicks per served ad: a few ads (by id) are hot (3 %), some warm (2 %), most at 1 %. */
    private static double clickThroughRate(String adId) {
        int h = Math.floorMod(adId.hashCode(), 10);
        return h == 0 ? 0.03 : h < 3 ? 0.02 : 0.01;
    }

    /** The path of a URL the service answered: absolute when public.url is set, and the demo talks to the service directly. */
    private static String path(String url) {
        URI u = URI.create(url);
        return u.getRawQuery() == null ? u.getRawPath() : u.getRawPath() + "?" + u.getRawQuery();
    }

    private void beacon(String path, String ip, String agent, String adId, String impression) {
        follow(path, ip, agent, 200, beacons, SentLedger.Kind.RENDERED, adId, impression);
    }

    private void click(String path, String ip, String agent, String adId, String impression) {
        follow(path, ip, agent, 302, clicks, SentLedger.Kind.CLICK, adId, impression);
    }

    /** Requests a URL the service handed out; counts it when answered {@code expected}, else as an error. */
    private void follow(String path, String ip, String agent, int expected, AtomicLong count, SentLedger.Kind kind, String adId, String impression) {
        long sent = System.currentTimeMillis();
        track(get(ingestUrl + path, ip, agent, () -> { if (ledger != null) ledger.inDoubt(kind, adId, impression, sent); }).thenAccept(r -> {
            if (r != null && r.statusCode() == expected) {
                count.incrementAndGet();
                if (ledger != null) ledger.accepted(kind, adId, impression, sent, System.currentTimeMillis());
            } else if (r != null) errors.incrementAndGet();
        }));
    }

    /**
     * Completes with the response, or with null when the request failed (counted as an error);
     * {@code maybeCounted} runs when it failed after reaching the service (no answer: it may count).
     */
    private CompletableFuture<HttpResponse<String>> get(String url, String ip, String agent, Runnable maybeCounted) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("X-Forwarded-For", ip).header("User-Agent", agent).header("Accept-Language", "en-GB,en;q=0.8")
                .header(REQUEST_ID, Long.toString(requestIds.incrementAndGet())).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            // never connected: the service did not see it, nothing is owed
            if (!(cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException)) maybeCounted.run();
            if (errors.incrementAndGet() % 100 == 1) LOG.warn("Demo traffic request failed: {}", e.getMessage());
            return null;
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
