package dev.adclick.ingest;

import dev.adclick.core.config.Setting;

import java.time.Duration;
import java.util.List;

/**
 * The click service's settings. Plain definitions (no service classes loaded), so launchers such as
 * the loopback cluster can name them; {@link IngestOptions} takes its defaults from here.
 */
public final class IngestSettings {
    private IngestSettings() {}

    public static final Setting<String> HOST = Setting.text("ingest.host", "127.0.0.1",
            "Address the click service listens on (0.0.0.0 for all interfaces).");
    public static final Setting<Integer> PORT = Setting.port("ingest.port", 8080, "Port of the click service (ad serving and redirects).");
    public static final Setting<String> REDIS_URI = Setting.text("redis.uri", null,
            "Redis for layer-1 dedupe (redis://host:port). In ./adclick run: set means an external Redis and no embedded one.",
            v -> v.startsWith("redis://") || v.startsWith("rediss://"), "a redis:// URI");
    public static final Setting<Duration> DEDUPE_TTL = Setting.duration("dedupe.ttl", "5m", Duration.ofSeconds(1),
            "How long the click service remembers a click id in Redis (layer 1).");
    public static final Setting<List<String>> TOKEN_SECRETS = Setting.list("token.secrets", null,
            "Comma-separated HMAC secrets for impression tokens, newest first. Unset in ./adclick run: generated and kept in <data.dir>/token.secret.");
    public static final Setting<Duration> TOKEN_TTL = Setting.duration("token.ttl", "24h", Duration.ofSeconds(1),
            "How long an impression token can be clicked.");
    public static final Setting<String> IP_SALT = Setting.text("ip.salt", null,
            "Salt of the IP and user-agent hashes; instances that share Redis and Kafka must share it. Unset in ./adclick run: generated and kept in <data.dir>/ip.salt.",
            v -> v.length() >= 8, "at least 8 characters");
    public static final Setting<List<String>> TRUSTED_PROXIES = Setting.list("trusted.proxies", "",
            "Comma-separated proxy addresses (or CIDRs) whose X-Forwarded-For is believed.");
    public static final Setting<String> PUBLIC_URL = Setting.text("public.url", null,
            "The address the public reaches the click service at, e.g. https://ads.example.com: makes click_url and impression_url"
                    + " of /ads/serve absolute (pages on other sites need that). Unset: relative URLs (/c/…, /i/…).",
            PublicUrl::isValid, PublicUrl.EXPECTED);
    public static final Setting<String> GEOIP_DATABASE = Setting.text("geoip.database", null,
            "A MaxMind DB country database (.mmdb: GeoIP2/GeoLite2 Country or City, or an ip-location-db country file) that gives"
                    + " each event its country, opened memory-mapped. Unset: the database the build bundles (geo-whois-asn-country,"
                    + " CC BY 4.0, NRO). A missing or unreadable file stops the start.");

    public static final List<Setting<?>> ALL = List.of(HOST, PORT, REDIS_URI, DEDUPE_TTL, TOKEN_SECRETS, TOKEN_TTL, IP_SALT, TRUSTED_PROXIES,
            PUBLIC_URL, GEOIP_DATABASE);
}
