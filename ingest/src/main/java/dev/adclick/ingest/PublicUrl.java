package dev.adclick.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address the public reaches the click service at ({@link IngestSettings#PUBLIC_URL}), which
 * makes {@code click_url} and {@code impression_url} absolute: a page on a publisher's site cannot
 * use a URL relative to the ad server. One check, used by the setting and by {@link IngestOptions}.
 */
public final class PublicUrl {
    /** What a valid value looks like, for error messages. */
    public static final String EXPECTED = "an http:// or https:// URL with a host and no query or fragment, like https://ads.example.com";

    private PublicUrl() {}

    /** True if {@link #normalize} accepts it. */
    public static boolean isValid(String url) {
        try {
            normalize(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The base that URLs are appended to: the value without a trailing '/' (a path prefix such as
     * {@code https://example.com/ads} is kept, for a service behind a reverse proxy).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String normalize(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) throw new IllegalArgumentException("the scheme must be http or https");
        if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException("it has no host");
        if (u.getRawQuery() != null) throw new IllegalArgumentException("it must not have a query (?…)");
        if (u.getRawFragment() != null) throw new IllegalArgumentException("it must not have a fragment (#…)");
        if (u.getRawUserInfo() != null) throw new IllegalArgumentException("it must not carry a user name or password");
        String s = u.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }
}
