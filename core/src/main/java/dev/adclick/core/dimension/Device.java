package dev.adclick.core.dimension;

/**
 * The values of the {@link Dimension#DEVICE} dimension, as the click service derives them from the
 * User-Agent. Defined here, not in ingest, because the stream's fraud rules and the query API's
 * filters name them too.
 */
public enum Device {
    DESKTOP, MOBILE, TABLET, BOT, OTHER;

    private final String json = name().toLowerCase(java.util.Locale.ROOT);

    /** The value on the topics ({@code desktop}, {@code mobile}, …). */
    public String json() {
        return json;
    }
}
