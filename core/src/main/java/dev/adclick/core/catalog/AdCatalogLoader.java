package dev.adclick.core.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Streams the file and builds one small tree per entry, so a catalogue of millions of ads needs
     * memory for its ads, not for a tree of the whole file. Equal strings and placement lists are
     * kept once (advertiser ids and placements repeat across ads).
     */
    public static AdCatalog parse(InputStream in, String source) throws IOException {
        List<Advertiser> advertisers = null;
        List<Ad> ads = null;
        Shared shared = new Shared();
        try (JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException(source + ": the catalogue must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("advertisers") && !field.equals("ads")) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) throw new IOException(source + ": \"" + field + "\" must be an array");
                if (field.equals("ads")) {
                    ads = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) ads.add(ad(p.readValueAsTree(), source, shared));
                } else {
                    advertisers = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) advertisers.add(advertiser(p.readValueAsTree(), source));
                }
            }
        }
        if (advertisers == null) throw new IOException(source + ": \"advertisers\" must be an array");
        if (ads == null) throw new IOException(source + ": \"ads\" must be an array");
        try {
            return new AdCatalog(ads, advertisers);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage());
        }
    }

    private static Advertiser advertiser(JsonNode a, String source) throws IOException {
        String id = text(a, "id", source + " advertiser");
        List<String> keys = new ArrayList<>();
        for (JsonNode k : a.path("api_key_sha256")) {
            String hex = k.asText().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) throw new IOException(source + ": advertiser " + id + ": api_key_sha256 entries must be 64 hex characters");
            keys.add(hex);
        }
        return new Advertiser(id, a.path("name").asText(id), keys);
    }

    /** One copy of each advertiser id, placement name and placement list, whichever ad names it first. */
    private static final class Shared {
        private final Map<String, String> strings = new HashMap<>();
        private final Map<List<String>, List<String>> lists = new HashMap<>();

        String string(String s) {
            return strings.computeIfAbsent(s, k -> k);
        }

        List<String> list(List<String> l) {
            return lists.computeIfAbsent(List.copyOf(l), k -> k);
        }
    }

    private static Ad ad(JsonNode a, String source, Shared shared) throws IOException {
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
        for (JsonNode p : a.path("placements")) placements.add(shared.string(p.asText()));
        String status = a.path("status").asText("active");
        if (!status.equals("active") && !status.equals("paused")) {
            throw new IOException(where + ": status must be active or paused, was " + status);
        }
        return new Ad(id, shared.string(text(a, "advertiser", where)), a.path("title").asText(id), landing, shared.list(placements),
                status.equals("active"));
    }

    private static String text(JsonNode n, String field, String where) throws IOException {
        JsonNode f = n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) throw new IOException(where + ": \"" + field + "\" is missing");
        return f.asText();
    }
}
