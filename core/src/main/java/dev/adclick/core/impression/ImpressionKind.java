package dev.adclick.core.impression;

/**
 * What an impression event says: the ad server served the ad, or the page rendered it (the
 * beacon loaded). An impression id counts once per kind (docs/architecture.md, Contracts, topic
 * {@code impressions}).
 */
public enum ImpressionKind {
    SERVED("served"),
    RENDERED("rendered");

    private final String json;

    ImpressionKind(String json) {
        this.json = json;
    }

    /** The value of the topic's {@code kind} field. */
    public String json() {
        return json;
    }

    /** @return the kind, or null for anything else */
    public static ImpressionKind fromJson(String s) {
        for (ImpressionKind k : values()) if (k.json.equals(s)) return k;
        return null;
    }
}
