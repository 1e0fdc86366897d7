package dev.adclick.core.catalog;

import dev.adclick.core.config.Setting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashing and comparing API keys. Keys are high-entropy random strings, so plain SHA-256 suffices. */
public final class ApiKeys {
    private ApiKeys() {}

    /** The key that sees every ad: the query API checks it, reconciliation through the stack presents it. */
    public static final Setting<String> ADMIN_KEY = Setting.text("admin.key", null,
            "API key that sees every ad. Unset in ./adclick run: one is generated and kept in <data.dir>/admin.key.",
            v -> v.length() >= 16, "at least 16 characters").alsoKnownAs("admin-key");

    public static String sha256Hex(String plainKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(plainKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
