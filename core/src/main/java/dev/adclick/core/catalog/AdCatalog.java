package dev.adclick.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable snapshot of the ad catalogue: ads, advertisers and their API key hashes.
 * {@link AdCatalogHolder} swaps snapshots when the file changes.
 *
 * <p>The per-request lookups (an advertiser's ads, the active ads of a placement, the advertiser of
 * an API key) are indexed once per snapshot: a catalogue of millions of ads (docs/deploy.md, scale)
 * must not be scanned on every query or serve.
 */
public final class AdCatalog {
    private static final Comparator<Ad> BY_ID = Comparator.comparing(Ad::id);

    private final Map<String, Ad> ads;
    private final Map<String, Advertiser> advertisers;
    private final List<Ad> sortedAds;
    private final Map<String, List<Ad>> adsByAdvertiser;
    private final Map<String, List<Ad>> activeAdsByPlacement;
    private final Map<String, Advertiser> advertiserByKeyHash;

    public AdCatalog(Collection<Ad> ads, Collection<Advertiser> advertisers) {
        Map<String, Advertiser> byId = new LinkedHashMap<>();
        for (Advertiser a : advertisers) {
            if (byId.put(a.id(), a) != null) throw new IllegalArgumentException("advertiser listed twice: " + a.id());
        }
        Map<String, Ad> adsById = new LinkedHashMap<>();
        for (Ad ad : ads) {
            if (!byId.containsKey(ad.advertiserId())) {
                throw new IllegalArgumentException("ad " + ad.id() + " names unknown advertiser " + ad.advertiserId());
            }
            if (adsById.put(ad.id(), ad) != null) throw new IllegalArgumentException("ad listed twice: " + ad.id());
        }
        this.ads = Map.copyOf(adsById);
        this.advertisers = Map.copyOf(byId);
        List<Ad> sorted = new ArrayList<>(adsById.values());
        sorted.sort(BY_ID);
        this.sortedAds = List.copyOf(sorted);
        this.adsByAdvertiser = groups(sortedAds, ad -> List.of(ad.advertiserId()));
        this.activeAdsByPlacement = groups(sortedAds, ad -> ad.active() ? ad.placements() : List.of());
        Map<String, Advertiser> byHash = new HashMap<>();
        for (Advertiser a : advertisers) {
            for (String stored : a.apiKeySha256()) {
                Advertiser other = byHash.put(stored.toLowerCase(Locale.ROOT), a);
                if (other != null && other != a) {
                    throw new IllegalArgumentException("API key hash " + stored + " is listed for both " + other.id() + " and " + a.id());
                }
            }
        }
        this.advertiserByKeyHash = Map.copyOf(byHash);
    }

    /** The ads under each of their keys, in the order given (sorted by id, so each group is too). */
    private static Map<String, List<Ad>> groups(List<Ad> sortedAds, Function<Ad, Collection<String>> keys) {
        Map<String, List<Ad>> groups = new HashMap<>();
        for (Ad ad : sortedAds) {
            for (String key : keys.apply(ad)) groups.computeIfAbsent(key, k -> new ArrayList<>()).add(ad);
        }
        groups.replaceAll((key, list) -> List.copyOf(list));
        return Map.copyOf(groups);
    }

    public Optional<Ad> ad(String adId) {
        return Optional.ofNullable(ads.get(adId));
    }

    public Collection<Ad> ads() {
        return ads.values();
    }

    /** Every ad, sorted by id (immutable). */
    public List<Ad> adsSortedById() {
        return sortedAds;
    }

    public Optional<Advertiser> advertiser(String advertiserId) {
        return Optional.ofNullable(advertisers.get(advertiserId));
    }

    public Collection<Advertiser> advertisers() {
        return advertisers.values();
    }

    /** Active ads that may be shown in this placement. */
    /** Active ads that may be shown in this placement, sorted by id (immutable). */
    public List<Ad> activeAdsFor(String placement) {
        return activeAdsByPlacement.getOrDefault(placement, List.of());
    }

    /** The advertiser's ads, sorted by id (immutable). */
    public List<Ad> adsOf(String advertiserId) {
        return adsByAdvertiser.getOrDefault(advertiserId, List.of());
    }

    /**
     * The advertiser owning this plain API key, looked up by the key's SHA-256. A hash-map lookup
     * may take longer for some hashes than others, but what it could reveal is about the hash of a
     * guess, which tells nothing about the key (keys are high-entropy: {@link ApiKeys}); comparing
     * against every stored hash would cost one comparison per advertiser on every request.
     */
    public Optional<Advertiser> advertiserForApiKey(String plainKey) {
        if (plainKey == null || plainKey.isEmpty()) return Optional.empty();
        return Optional.ofNullable(advertiserByKeyHash.get(ApiKeys.sha256Hex(plainKey)));
    }
}
