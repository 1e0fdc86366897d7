package dev.adclick.ingest.token;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Mints and verifies signed click tokens (docs/architecture.md, Contracts, ingest HTTP):
 * {@code base64url(payload) "." base64url(HMAC-SHA256(secret, payload))}, unpadded.
 *
 * <p>Payload (binary, big-endian), version 2: {@code version:u8, issued_at:i64 epoch ms, impression_id:16 bytes,
 * ad_id_length:u8, ad_id:UTF-8, placement_length:u8, placement:UTF-8} (length 0: no placement). Version 1,
 * minted before impressions, is the same without the placement; it still verifies, so tokens on pages
 * served before an upgrade keep working for their TTL. The placement rides in the token so that the
 * beacon ({@code /i/{token}}) reports where the ad was served without trusting the request. The first secret signs; every secret verifies, so a secret can be
 * rotated in by putting it first and retired later by removing it once its tokens have expired.
 *
 * <p>Thread-safe. Verification never throws: any input, however broken, yields a {@link TokenCheck}.
 */
public final class ClickTokens {
    /** Current payload format. */
    public static final int VERSION = 2;
    /** The format before impressions (no placement); still verified. */
    static final int VERSION_WITHOUT_PLACEMENT = 1;
    /** Tokens issued up to this far in the future are accepted (clock skew between instances). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Longest ad id a token can carry. */
    public static final int MAX_AD_ID_BYTES = 200;
    /** Longest placement a token can carry. */
    public static final int MAX_PLACEMENT_BYTES = 200;

    static final int IMPRESSION_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int FIXED_PAYLOAD = 1 + 8 + IMPRESSION_BYTES + 1;
    /** Longest well-formed token: both parts base64url-encoded plus the dot. */
    private static final int MAX_TOKEN_CHARS = b64Len(FIXED_PAYLOAD + MAX_AD_ID_BYTES + 1 + MAX_PLACEMENT_BYTES) + 1 + b64Len(MAC_BYTES);
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    /** Each ASCII character's base64url value, -1 outside the alphabet. */
    private static final byte[] SEXTETS = sextets();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SecretKeySpec> keys;
    private final long ttlMillis;
    private final Clock clock;
    private final ThreadLocal<Mac[]> macs;

    /**
     * @param secrets newest first; the first signs, all verify; none may be blank
     * @param ttl     how long a token stays valid after it was issued
     * @param clock   source of issue and verification times (UTC)
     */
    public ClickTokens(List<String> secrets, Duration ttl, Clock clock) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) throw new IllegalArgumentException("tokenSecrets must hold at least one secret");
        List<SecretKeySpec> k = new ArrayList<>();
        for (String s : secrets) {
            if (s == null || s.isBlank()) throw new IllegalArgumentException("tokenSecrets must not contain blank secrets");
            k.add(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("tokenTtl must be positive, was " + ttl);
        this.keys = List.copyOf(k);
        this.ttlMillis = ttl.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    public ClickTokens(List<String> secrets, Duration ttl) {
        this(secrets, ttl, Clock.systemUTC());
    }

    /** A fresh random impression id: 128 bits from a CSPRNG, base64url (22 characters). */
    public static String newImpressionId() {
        byte[] b = new byte[IMPRESSION_BYTES];
        RANDOM.nextBytes(b);
        return ENC.encodeToString(b);
    }

    /** Mints a token for a new impression of this ad, issued now. */
    public String mint(String adId) {
        return mint(adId, newImpressionId(), clock.millis());
    }

    /** As {@link #mint(String, String, long, String)} without a placement. */
    public String mint(String adId, String impressionId, long issuedAtMillis) {
        return mint(adId, impressionId, issuedAtMillis, null);
    }

    /**
     * Mints a token signed with the newest secret.
     *
     * @param impressionId as made by {@link #newImpressionId()} (22 base64url characters)
     * @param placement    where the ad is served, or null
     * @throws IllegalArgumentException if the ad id is empty or too long, the placement too long, or the impression id is not 16 bytes
     */
    public String mint(String adId, String impressionId, long issuedAtMillis, String placement) {
        byte[] ad = Objects.requireNonNull(adId, "adId").getBytes(StandardCharsets.UTF_8);
        if (ad.length == 0 || ad.length > MAX_AD_ID_BYTES) {
            throw new IllegalArgumentException("ad id must be 1.." + MAX_AD_ID_BYTES + " bytes, was " + ad.length);
        }
        byte[] place = placement == null ? new byte[0] : placement.getBytes(StandardCharsets.UTF_8);
        if (place.length > MAX_PLACEMENT_BYTES) {
            throw new IllegalArgumentException("placement must be at most " + MAX_PLACEMENT_BYTES + " bytes, was " + place.length);
        }
        byte[] imp = decodeImpression(Objects.requireNonNull(impressionId, "impressionId"));
        if (imp == null) throw new IllegalArgumentException("impression id must be 16 bytes in base64url: " + impressionId);
        ByteBuffer p = ByteBuffer.allocate(FIXED_PAYLOAD + ad.length + 1 + place.length);
        p.put((byte) VERSION).putLong(issuedAtMillis).put(imp).put((byte) ad.length).put(ad).put((byte) place.length).put(place);
        byte[] payload = p.array();
        byte[] mac = macs.get()[0].doFinal(payload);
        return ENC.encodeToString(payload) + "." + ENC.encodeToString(mac);
    }

    /** Verifies a token against every secret, then its version and age. Never throws. */
    public TokenCheck verify(String token) {
        try {
            return verifyUnchecked(token);
        } catch (RuntimeException e) {
            // Defence in depth: parsing below is bounds-checked, but no input may ever escape as a 500.
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
    }

    private TokenCheck verifyUnchecked(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) return TokenCheck.rejected(TokenRejection.MALFORMED);
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) return TokenCheck.rejected(TokenRejection.MALFORMED);
        byte[] payload = strictDecode(token, 0, dot);
        byte[] mac = strictDecode(token, dot + 1, token.length());
        if (payload == null || mac == null || mac.length != MAC_BYTES || payload.length < FIXED_PAYLOAD + 1) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        if (!signedByUs(payload, mac)) return TokenCheck.rejected(TokenRejection.BAD_SIGNATURE);
        // Only authenticated bytes are parsed from here on.
        ByteBuffer p = ByteBuffer.wrap(payload);
        int version = p.get() & 0xff;
        if (version != VERSION && version != VERSION_WITHOUT_PLACEMENT) return TokenCheck.rejected(TokenRejection.UNSUPPORTED_VERSION);
        long issuedAt = p.getLong();
        byte[] imp = new byte[IMPRESSION_BYTES];
        p.get(imp);
        int adLen = p.get() & 0xff;
        if (adLen == 0 || adLen > MAX_AD_ID_BYTES || p.remaining() < adLen) return TokenCheck.rejected(TokenRejection.MALFORMED);
        byte[] ad = new byte[adLen];
        p.get(ad);
        String placement = null;
        if (version == VERSION) {
            int placeLen = p.remaining() > 0 ? p.get() & 0xff : -1;
            if (placeLen < 0 || placeLen > MAX_PLACEMENT_BYTES || p.remaining() != placeLen) return TokenCheck.rejected(TokenRejection.MALFORMED);
            byte[] place = new byte[placeLen];
            p.get(place);
            if (placeLen > 0) placement = new String(place, StandardCharsets.UTF_8);
        } else if (p.hasRemaining()) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        long now = clock.millis();
        if (issuedAt > now + MAX_CLOCK_SKEW.toMillis()) return TokenCheck.rejected(TokenRejection.NOT_YET_VALID);
        if (now - issuedAt > ttlMillis) return TokenCheck.rejected(TokenRejection.EXPIRED);
        return TokenCheck.valid(new ClickToken(version, new String(ad, StandardCharsets.UTF_8), ENC.encodeToString(imp), issuedAt, placement));
    }

    private boolean signedByUs(byte[] payload, byte[] mac) {
        boolean ok = false;
        // Check every key, not just until the first match, so timing says nothing about which key matched.
        for (Mac m : macs.get()) {
            ok |= MessageDigest.isEqual(m.doFinal(payload), mac);
        }
        return ok;
    }

    /**
     * Decodes unpadded, canonical base64url, or null for anything else (padding, other alphabets,
     * bad length, stray low bits in the last character: one payload has exactly one token).
     * One pass over the characters, straight into the bytes: checking the alphabet first and then
     * decoding a substring with {@code java.util.Base64} cost about 3 % of the server's CPU in the
     * click benchmark (docs/benchmarks.md, Click redirect, issue 15).
     */
    private static byte[] strictDecode(String s, int from, int to) {
        int len = to - from;
        int tail = len & 3;
        if (tail == 1) return null;
        byte[] out = new byte[len / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
        int o = 0;
        int i = from;
        for (int full = to - tail; i < full; i += 4) {
            int a = sextet(s.charAt(i)), b = sextet(s.charAt(i + 1)), c = sextet(s.charAt(i + 2)), d = sextet(s.charAt(i + 3));
            if ((a | b | c | d) < 0) return null;
            int v = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (v >> 16);
            out[o++] = (byte) (v >> 8);
            out[o++] = (byte) v;
        }
        // A 2- or 3-character tail carries 1 or 2 bytes; the 4 or 2 bits left over in its last character encode nothing and must be 0.
        if (tail == 2) {
            int a = sextet(s.charAt(i)), b = sextet(s.charAt(i + 1));
            if ((a | b) < 0 || (b & 0x0f) != 0) return null;
            out[o] = (byte) (a << 2 | b >> 4);
        } else if (tail == 3) {
            int a = sextet(s.charAt(i)), b = sextet(s.charAt(i + 1)), c = sextet(s.charAt(i + 2));
            if ((a | b | c) < 0 || (c & 0x03) != 0) return null;
            int v = a << 12 | b << 6 | c;
            out[o++] = (byte) (v >> 10);
            out[o] = (byte) (v >> 2);
        }
        return out;
    }

    /** The value of a base64url character, or -1. */
    private static int sextet(char c) {
        return c < SEXTETS.length ? SEXTETS[c] : -1;
    }

    private static byte[] decodeImpression(String impressionId) {
        byte[] b = strictDecode(impressionId, 0, impressionId.length());
        return b != null && b.length == IMPRESSION_BYTES ? b : null;
    }

    private Mac[] newMacs() {
        Mac[] out = new Mac[keys.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = Mac.getInstance("HmacSHA256");
                out[i].init(keys.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
        return out;
    }

    private static byte[] sextets() {
        byte[] t = new byte[128];
        java.util.Arrays.fill(t, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) t[alphabet.charAt(i)] = (byte) i;
        return t;
    }

    private static int b64Len(int bytes) {
        return (bytes * 4 + 2) / 3;
    }
}
