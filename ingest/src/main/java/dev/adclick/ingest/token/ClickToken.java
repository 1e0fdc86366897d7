package dev.adclick.ingest.token;

import java.util.Objects;

/**
 * The authenticated content of a click token (also the impression token of the beacon): which ad
 * was shown, in which impression, where, and when.
 *
 * @param version      payload format version ({@link ClickTokens#VERSION})
 * @param adId         the ad that was served
 * @param impressionId random, unguessable id of the impression (base64url, 22 characters)
 * @param issuedAt     when the ad was served, epoch milliseconds UTC
 * @param placement    where it was served; null in version-1 tokens and tokens minted without one
 */
public record ClickToken(int version, String adId, String impressionId, long issuedAt, String placement) {
    public ClickToken {
        Objects.requireNonNull(adId, "adId");
        Objects.requireNonNull(impressionId, "impressionId");
    }
}
