package dev.adclick.query.bench;

import dev.adclick.core.count.Counts;
import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.query.QueryOptions;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Manual preview, not a test: the dashboard on the demo catalogue (keys {@code demo-key-acme}, …,
 * admin {@code preview-admin}) over a store that receives made-up counts every second: clicks,
 * impressions at a CTR of about 1–3 % (some served ads never render) and the reach sketches of
 * the current hour, broken down by placement, country and device. Argument: port (default 8081). Stop with Ctrl-C.
 */
public final class DashboardPreview {
    private static final long MINUTE = 60_000L;

    private DashboardPreview() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        Path dir = Files.createTempDirectory("adclick-preview");
        AdCatalog catalog = AdCatalogLoader.loadDefault();
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("preview.duckdb"));
             QueryServer server = QueryServer.start(QueryOptions.builder().port(port).adminKey("preview-admin").build(),
                     store, AdCatalogHolder.fixed(catalog))) {
            System.out.println("dashboard: http://127.0.0.1:" + server.port() + "/");
            SplittableRandom random = new SplittableRandom(1);
            long version = 1;
            long now = System.currentTimeMillis();
            Reach reach = new Reach();
            List<MinuteCount> history = new ArrayList<>();
            for (long m = now / MINUTE * MINUTE - 60 * MINUTE; m < now; m += MINUTE) history.addAll(minute(catalog, m, random, version, 1.0));
            store.upsert(history);
            reach.add(history, random);
            while (!Thread.currentThread().isInterrupted()) {
                now = System.currentTimeMillis();
                long m = now / MINUTE * MINUTE;
                double filled = (now - m) / (double) MINUTE; // the open minute grows as it fills
                List<MinuteCount> open = minute(catalog, m, new SplittableRandom(m), ++version, filled);
                store.upsert(open);
                reach.add(open, random);
                store.upsertReach(reach.rows(++version));
                store.recordStatus("preview/0", new PipelineStatus(now - 1_500, now, version, 0, 0));
                Thread.sleep(1_000);
            }
        }
    }

    private static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB", "NL", "JP", "BR");
    private static final List<String> DEVICES = List.of("desktop", "mobile", "mobile", "tablet", "bot");

    /**
     * One minute of every ad: a few (placement, country, device) rows, and the total row as their
     * sum, written together as the pipeline writes them (docs/architecture.md, Contracts, store).
     */
    private static List<MinuteCount> minute(AdCatalog catalog, long m, SplittableRandom random, long version, double filled) {
        List<MinuteCount> rows = new ArrayList<>();
        int i = 0;
        for (Ad ad : catalog.ads()) {
            Map<Dimensions, Counts> byDims = new HashMap<>();
            long weight = 1 + (i++ % 4);
            for (int k = 0; k < 6; k++) {
                String placement = ad.placements().isEmpty() ? Dimension.UNKNOWN : ad.placements().get(random.nextInt(ad.placements().size()));
                Dimensions dims = Dimensions.of(placement, COUNTRIES.get(random.nextInt(COUNTRIES.size())),
                        DEVICES.get(random.nextInt(DEVICES.size())));
                long clicks = Math.round((weight + random.nextInt(3)) * filled);
                long rendered = clicks * (35 + random.nextInt(65)); // CTR 1–3 %
                long served = rendered + rendered / 5; // ad blockers keep some beacons from loading
                // a bot's clicks are suspicious, not counted
                Counts c = dims.device().equals("bot") ? new Counts(0, 0, clicks, served, rendered)
                        : new Counts(clicks, clicks * 3 / 4, 0, served, rendered);
                byDims.merge(dims, c, Counts::plus);
            }
            Counts total = Counts.ZERO;
            for (Map.Entry<Dimensions, Counts> e : byDims.entrySet()) {
                rows.add(new MinuteCount(ad.id(), m, e.getKey(), e.getValue(), version));
                total = total.plus(e.getValue());
            }
            rows.add(new MinuteCount(ad.id(), m, Dimensions.TOTAL, total, version));
        }
        return rows;
    }

    /** The users of each ad and hour: made-up users out of a pool per ad, so that people come back. */
    private static final class Reach {
        private static final int USERS_PER_AD = 20_000;
        private final Map<String, UniqueUsers> byAdHour = new HashMap<>();

        /**
         * A user out of the ad's pool for every 20 rendered impressions. The open minute comes again every
         * second: that only brings back users of the pool, so reach levels off as a real one does.
         */
        void add(List<MinuteCount> rows, SplittableRandom random) {
            for (MinuteCount r : rows) {
                if (!r.dims().isTotal()) continue; // the total row holds every impression once
                UniqueUsers users = byAdHour.computeIfAbsent(r.adId() + "@" + HourReach.hourOf(r.minute()), k -> UniqueUsers.empty());
                for (long n = 0; n < r.counts().impressions() / 20; n++) {
                    users.add(r.adId() + "-ip-" + random.nextInt(USERS_PER_AD), "ua");
                }
            }
        }

        List<HourReach> rows(long version) {
            List<HourReach> out = new ArrayList<>();
            byAdHour.forEach((key, users) -> {
                int at = key.lastIndexOf('@');
                out.add(HourReach.of(key.substring(0, at), Long.parseLong(key.substring(at + 1)), users, version));
            });
            return out;
        }
    }
}
