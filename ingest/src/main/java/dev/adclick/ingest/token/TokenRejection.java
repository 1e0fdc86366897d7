package dev.adclick.ingest.token;

import java.util.Locale;

/** Why a click token was refused; each reason is a label of {@code adclick_clicks_rejected_total}. */
public enum TokenRejection {
    /** Not two base64url parts, wrong lengths, or a payload that does not parse. */
    MALFORMED,
    /** The signature matches none of the configured secrets: forged or tampered. */
    BAD_SIGNATURE,
    /** Signed by us but older than the token TTL. */
    EXPIRED,
    /** Signed by us but issued further in the future than the allowed clock skew. */
    NOT_YET_VALID,
    /** Signed by us but in a payload version this build does not read. */
    UNSUPPORTED_VERSION;

    /** The metric label, e.g. {@code bad_signature}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
