package dev.adclick.ingest.token;

import java.util.Objects;

/**
 * The authenticated content of a click token: which ad was shown, in which impression, and when.
 *
 * @param version      payload format version ({@link ClickTokens#VERSION})
 * @param adId         the ad that was served
 * @param impressionId random, unguessable id of the impression (base64url, 22 characters)
 * @param issuedAt     when the ad was served, epoch milliseconds UTC
 */
public record ClickToken(int version, String adId, String impressionId, long issuedAt) {
    public ClickToken {
        Objects.requireNonNull(adId, "adId");
        Objects.requireNonNull(impressionId, "impressionId");
    }
}
