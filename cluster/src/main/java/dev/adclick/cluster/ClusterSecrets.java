package dev.adclick.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The loopback cluster's secrets, random per start: the click services' token secret and IP salt,
 * the admin key of the query API, and the S3 key pair of S3Proxy (Flink, Spark and the test sign
 * their requests with it).
 */
public record ClusterSecrets(String tokenSecret, String ipSalt, String adminKey, String s3AccessKey, String s3SecretKey) {
    static ClusterSecrets random() {
        SecureRandom r = new SecureRandom();
        return new ClusterSecrets(hex(r, 32), hex(r, 16), "admin-" + hex(r, 16), "adclick-" + hex(r, 8), hex(r, 20));
    }

    private static String hex(SecureRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
