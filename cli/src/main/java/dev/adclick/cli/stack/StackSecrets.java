package dev.adclick.cli.stack;

import dev.adclick.ingest.IngestSettings;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Secrets a service needs (admin key, token secrets, IP salt): from the configuration when set
 * (several instances must share them), otherwise generated once and kept in the data directory,
 * so tokens and hashes stay valid across restarts. Generated files are readable by the owner only.
 *
 * @param adminKey     the key that sees every ad
 * @param tokenSecrets HMAC secrets of impression tokens, newest first
 * @param ipSalt       salt of the IP and user-agent hashes
 */
public record StackSecrets(String adminKey, List<String> tokenSecrets, String ipSalt) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static StackSecrets resolve(AdclickConfig config) throws IOException {
        Path data = config.dataDir();
        String admin = config.isSet(Settings.ADMIN_KEY) ? config.get(Settings.ADMIN_KEY) : loadOrCreate(data.resolve("admin.key"), 24);
        List<String> tokens = config.isSet(IngestSettings.TOKEN_SECRETS) ? config.get(IngestSettings.TOKEN_SECRETS)
                : List.of(loadOrCreate(data.resolve("token.secret"), 32));
        String salt = config.isSet(IngestSettings.IP_SALT) ? config.get(IngestSettings.IP_SALT) : loadOrCreate(data.resolve("ip.salt"), 16);
        return new StackSecrets(admin, tokens, salt);
    }

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

    @Override
    public String toString() {
        return "StackSecrets[hidden]"; // never log secrets
    }
}
