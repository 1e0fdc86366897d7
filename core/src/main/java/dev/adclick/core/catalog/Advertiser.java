package dev.adclick.core.catalog;

import java.util.List;
import java.util.Objects;

/** An advertiser and the SHA-256 hashes (hex) of its API keys; plain keys are never stored. */
public final class Advertiser {
    private final String id;
    private final String name;
    private final List<String> apiKeySha256;

    public Advertiser(String id, String name, List<String> apiKeySha256) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.apiKeySha256 = List.copyOf(apiKeySha256);
    }

    public String id() { return id; }
    public String name() { return name; }
    public List<String> apiKeySha256() { return apiKeySha256; }
}
