package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active ads by placement, computed once per catalogue snapshot. Only placements that have ads
 * are cached, so random placement names in requests cannot grow it.
 */
final class PlacementIndex {
    private record Snapshot(AdCatalog catalog, Map<String, List<Ad>> byPlacement) {}

    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    List<Ad> activeAds(AdCatalog catalog, String placement) {
        Snapshot s = snapshot;
        if (s.catalog != catalog) {
            s = new Snapshot(catalog, new ConcurrentHashMap<>());
            snapshot = s;
        }
        List<Ad> ads = s.byPlacement.get(placement);
        if (ads != null) return ads;
        ads = List.copyOf(catalog.activeAdsFor(placement));
        if (!ads.isEmpty()) s.byPlacement.put(placement, ads);
        return ads;
    }
}
