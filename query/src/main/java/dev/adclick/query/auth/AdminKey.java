package dev.adclick.query.auth;

import dev.adclick.core.catalog.ApiKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin key, kept only as its SHA-256 hash. Comparing fixed-length hashes with
 * {@link MessageDigest#isEqual} reveals neither content nor length of the key through timing.
 */
public final class AdminKey {
    private final byte[] sha256;

    private AdminKey(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** @param plainKey the key, or null for "no admin" (then nothing matches) */
    public static AdminKey of(String plainKey) {
        return new AdminKey(plainKey == null ? null : hash(plainKey));
    }

    public boolean matches(String candidate) {
        if (sha256 == null || candidate == null) return false;
        return MessageDigest.isEqual(sha256, hash(candidate));
    }

    private static byte[] hash(String key) {
        return ApiKeys.sha256Hex(key).getBytes(StandardCharsets.US_ASCII);
    }
}
