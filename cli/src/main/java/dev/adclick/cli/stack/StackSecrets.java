package dev.adclick.cli.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the embedded stack needs but the user did not configure (admin key, token secret, IP
 * salt): generated once and kept in the data directory, so tokens and hashes stay valid across
 * restarts. Files are readable by the owner only.
 */
final class StackSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StackSecrets() {}

    /** The secret stored in this file, created with {@code bytes} random bytes if missing. */
    static String loadOrCreate(Path file, int bytes) throws IOException {
        if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: the data directory's own permissions must protect it
        }
        return secret;
    }
}
