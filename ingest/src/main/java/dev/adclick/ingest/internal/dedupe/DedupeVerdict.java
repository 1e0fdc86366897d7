package dev.adclick.ingest.internal.dedupe;

/** What layer 1 says about a click id. */
public enum DedupeVerdict {
    /** First time seen within the dedupe TTL: publish. */
    FIRST,
    /** Seen before within the TTL: answer the redirect, do not publish. */
    DUPLICATE,
    /** Layer 1 could not tell (off, slow or down): publish anyway, layer 2 decides. */
    UNCHECKED
}
