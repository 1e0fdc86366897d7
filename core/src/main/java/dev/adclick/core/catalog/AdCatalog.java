package dev.adclick.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the ad catalogue: ads, advertisers and their API key hashes.
 * {@link AdCatalogHolder} swaps snapshots when the file changes.
 */
public final class AdCatalog {
    private final Map<String, Ad> ads;
    private final Map<String, Advertiser> advertisers;

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
    }

    public Optional<Ad> ad(String adId) {
        return Optional.ofNullable(ads.get(adId));
    }

    public Collection<Ad> ads() {
        return ads.values();
    }

    public Optional<Advertiser> advertiser(String advertiserId) {
        return Optional.ofNullable(advertisers.get(advertiserId));
    }

    public Collection<Advertiser> advertisers() {
        return advertisers.values();
    }

    /** Active ads that may be shown in this placement. */
    public List<Ad> activeAdsFor(String placement) {
        List<Ad> out = new ArrayList<>();
        for (Ad ad : ads.values()) {
            if (ad.active() && ad.placements().contains(placement)) out.add(ad);
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    public List<Ad> adsOf(String advertiserId) {
        List<Ad> out = new ArrayList<>();
        for (Ad ad : ads.values()) if (ad.advertiserId().equals(advertiserId)) out.add(ad);
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    /**
     * The advertiser owning this plain API key. Compares against every stored hash in constant
     * time per hash, so the answer time does not reveal how close a guess was.
     */
    public Optional<Advertiser> advertiserForApiKey(String plainKey) {
        if (plainKey == null || plainKey.isEmpty()) return Optional.empty();
        String hash = ApiKeys.sha256Hex(plainKey);
        Advertiser found = null;
        for (Advertiser a : advertisers.values()) {
            for (String stored : a.apiKeySha256()) {
                if (ApiKeys.hashesEqual(hash, stored)) found = a;
            }
        }
        return Optional.ofNullable(found);
    }
}
