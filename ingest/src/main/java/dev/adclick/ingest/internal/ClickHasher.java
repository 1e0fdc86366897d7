package dev.adclick.ingest.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns what identifies a person (IP, user agent) into salted hashes, and derives click ids.
 * Raw IPs and user agents never leave this class: only HMAC-SHA256(salt, …) truncated to 128 bits
 * does. Every instance of a deployment shares the salt, so their hashes and ids agree.
 */
public final class ClickHasher {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private final ThreadLocal<Mac> mac;

    public ClickHasher(String salt) {
        SecretKeySpec key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
            }
        });
    }

    public String ipHash(String ip) {
        return hash("ip", nz(ip));
    }

    public String uaHash(String userAgent) {
        return hash("ua", nz(userAgent));
    }

    /** Click id of a token click: one per impression, so a second click on it is a duplicate. */
    public static String verifiedClickId(String impressionId) {
        return "i-" + impressionId;
    }

    /**
     * Click id of a click without token: the same ad, minute and browser fingerprint (ip, user agent,
     * accept-language) give the same id, so a double click within a minute is a duplicate.
     */
    public String fingerprintClickId(String adId, long minuteStartMillis, String ip, String userAgent, String acceptLanguage) {
        return "f-" + hash("fp", adId + '\n' + minuteStartMillis + '\n' + nz(ip) + '\n' + nz(userAgent) + '\n' + nz(acceptLanguage));
    }

    private String hash(String domain, String value) {
        Mac m = mac.get();
        m.update(domain.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        byte[] full = m.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return ENC.encodeToString(Arrays.copyOf(full, 16));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
