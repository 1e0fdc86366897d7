package dev.adclick.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the catalogue JSON file:
 * <pre>{@code
 * {"advertisers": [{"id": "acme", "name": "Acme", "api_key_sha256": ["<hex>"]}],
 *  "ads": [{"id": "ad-1", "advertiser": "acme", "title": "…", "landing_url": "https://…",
 *           "placements": ["home"], "status": "active|paused"}]}
 * }</pre>
 * Errors name the entry and the field, so a broken edit is easy to fix.
 */
public final class AdCatalogLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdCatalogLoader() {}

    public static AdCatalog load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Loads the demo catalogue that ships inside the core jar. */
    public static AdCatalog loadDefault() throws IOException {
        try (InputStream in = AdCatalogLoader.class.getResourceAsStream("/catalog/default-catalog.json")) {
            if (in == null) throw new IOException("default catalogue missing from the classpath");
            return parse(in, "default catalogue");
        }
    }

    public static AdCatalog parse(InputStream in, String source) throws IOException {
        JsonNode root = MAPPER.readTree(in);
        if (root == null || !root.isObject()) throw new IOException(source + ": the catalogue must be a JSON object");
        List<Advertiser> advertisers = new ArrayList<>();
        for (JsonNode a : array(root, "advertisers", source)) {
            String id = text(a, "id", source + " advertiser");
            List<String> keys = new ArrayList<>();
            for (JsonNode k : a.path("api_key_sha256")) {
                String hex = k.asText().toLowerCase(Locale.ROOT);
                if (!hex.matches("[0-9a-f]{64}")) throw new IOException(source + ": advertiser " + id + ": api_key_sha256 entries must be 64 hex characters");
                keys.add(hex);
            }
            advertisers.add(new Advertiser(id, a.path("name").asText(id), keys));
        }
        List<Ad> ads = new ArrayList<>();
        for (JsonNode a : array(root, "ads", source)) {
            String id = text(a, "id", source + " ad");
            String where = source + " ad " + id;
            URI landing;
            try {
                landing = new URI(text(a, "landing_url", where));
            } catch (URISyntaxException e) {
                throw new IOException(where + ": landing_url is not a URL: " + e.getMessage());
            }
            if (!"https".equals(landing.getScheme()) && !"http".equals(landing.getScheme())) {
                throw new IOException(where + ": landing_url must be http(s), was " + landing);
            }
            List<String> placements = new ArrayList<>();
            for (JsonNode p : a.path("placements")) placements.add(p.asText());
            String status = a.path("status").asText("active");
            if (!status.equals("active") && !status.equals("paused")) {
                throw new IOException(where + ": status must be active or paused, was " + status);
            }
            ads.add(new Ad(id, text(a, "advertiser", where), a.path("title").asText(id), landing, placements, status.equals("active")));
        }
        try {
            return new AdCatalog(ads, advertisers);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage());
        }
    }

    private static JsonNode array(JsonNode root, String field, String source) throws IOException {
        JsonNode n = root.path(field);
        if (!n.isArray()) throw new IOException(source + ": \"" + field + "\" must be an array");
        return n;
    }

    private static String text(JsonNode n, String field, String where) throws IOException {
        JsonNode f = n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) throw new IOException(where + ": \"" + field + "\" is missing");
        return f.asText();
    }
}
