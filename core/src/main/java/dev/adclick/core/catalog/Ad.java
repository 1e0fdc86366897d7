package dev.adclick.core.catalog;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** An ad of the catalogue: who owns it, where a click on it lands, where it may be shown. */
public final class Ad {
    private final String id;
    private final String advertiserId;
    private final String title;
    private final String landingUrl;
    private final List<String> placements;
    private final boolean active;

    public Ad(String id, String advertiserId, String title, URI landingUrl, List<String> placements, boolean active) {
        this.id = Objects.requireNonNull(id, "id");
        this.advertiserId = Objects.requireNonNull(advertiserId, "advertiserId");
        this.title = Objects.requireNonNull(title, "title");
        // kept as its ASCII text, the form a redirect sends: a URI object per ad costs ~300 B more
        this.landingUrl = Objects.requireNonNull(landingUrl, "landingUrl").toASCIIString();
        this.placements = List.copyOf(placements);
        this.active = active;
    }

    public String id() { return id; }
    public String advertiserId() { return advertiserId; }
    public String title() { return title; }
    /** The only redirect target of a click on this ad (ASCII, as sent in {@code Location}); never taken from a request. */
    public String landingUrl() { return landingUrl; }
    public List<String> placements() { return placements; }
    /** Paused ads are not served and their clicks answer 404. */
    public boolean active() { return active; }

    @Override
    public String toString() {
        return "Ad{" + id + ", advertiser=" + advertiserId + (active ? "" : ", paused") + "}";
    }
}
