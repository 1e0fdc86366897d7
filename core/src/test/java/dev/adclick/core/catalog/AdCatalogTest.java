package dev.adclick.core.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link AdCatalogLoader}, {@link AdCatalog} and {@link AdCatalogHolder}. */
class AdCatalogTest {
    @TempDir
    Path dir;

    private static String catalog(String keyHash, String status) {
        return "{\"advertisers\":[{\"id\":\"acme\",\"name\":\"Acme\",\"api_key_sha256\":[\"" + keyHash + "\"]}],"
                + "\"ads\":[{\"id\":\"ad-1\",\"advertiser\":\"acme\",\"title\":\"T\",\"landing_url\":\"https://acme.example/x\","
                + "\"placements\":[\"home\"],\"status\":\"" + status + "\"}]}";
    }

    private static AdCatalog parse(String json) throws IOException {
        return AdCatalogLoader.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theDemoCatalogueLoadsAndItsDemoKeysWork() throws Exception {
        AdCatalog c = AdCatalogLoader.loadDefault();
        assertThat(c.advertisers()).hasSize(3);
        assertThat(c.advertiserForApiKey("demo-key-acme")).map(Advertiser::id).contains("acme");
        assertThat(c.ad("ad-012")).map(Ad::active).contains(false);
        assertThat(c.activeAdsFor("home")).isNotEmpty().allMatch(Ad::active);
    }

    @Test
    void apiKeysAreMatchedByHashOnly() throws Exception {
        AdCatalog c = parse(catalog(ApiKeys.sha256Hex("secret-1"), "active"));
        assertThat(c.advertiserForApiKey("secret-1")).isPresent();
        assertThat(c.advertiserForApiKey("secret-2")).isEmpty();
        assertThat(c.advertiserForApiKey(ApiKeys.sha256Hex("secret-1"))).as("the hash itself is not a key").isEmpty();
        assertThat(c.advertiserForApiKey("")).isEmpty();
    }

    @Test
    void lookupsAreIndexedAndSortedById() {
        Advertiser acme = new Advertiser("acme", "Acme", List.of(ApiKeys.sha256Hex("k-acme")));
        Advertiser globex = new Advertiser("globex", "Globex", List.of(ApiKeys.sha256Hex("k-globex"), ApiKeys.sha256Hex("k2")));
        URI landing = URI.create("https://x.example/");
        AdCatalog c = new AdCatalog(List.of(
                new Ad("ad-3", "acme", "t", landing, List.of("home", "feed"), true),
                new Ad("ad-1", "acme", "t", landing, List.of("home"), true),
                new Ad("ad-2", "globex", "t", landing, List.of("home"), false),
                new Ad("ad-0", "globex", "t", landing, List.of("feed"), true)), List.of(acme, globex));
        assertThat(c.adsOf("acme")).extracting(Ad::id).containsExactly("ad-1", "ad-3");
        assertThat(c.adsOf("globex")).extracting(Ad::id).containsExactly("ad-0", "ad-2");
        assertThat(c.adsOf("nobody")).isEmpty();
        assertThat(c.adsSortedById()).extracting(Ad::id).containsExactly("ad-0", "ad-1", "ad-2", "ad-3");
        assertThat(c.activeAdsFor("home")).extracting(Ad::id).as("paused ad-2 left out").containsExactly("ad-1", "ad-3");
        assertThat(c.activeAdsFor("feed")).extracting(Ad::id).containsExactly("ad-0", "ad-3");
        assertThat(c.activeAdsFor("sidebar")).isEmpty();
        assertThat(c.advertiserForApiKey("k2")).map(Advertiser::id).contains("globex");
        assertThat(c.advertiserForApiKey("k-acme")).map(Advertiser::id).contains("acme");
        assertThatThrownBy(() -> c.adsOf("acme").add(c.adsOf("globex").get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void oneKeyListedForTwoAdvertisersIsRefused() {
        String hash = ApiKeys.sha256Hex("shared");
        assertThatThrownBy(() -> new AdCatalog(List.of(), List.of(
                new Advertiser("acme", "Acme", List.of(hash)), new Advertiser("globex", "Globex", List.of(hash)))))
                .hasMessageContaining("listed for both acme and globex");
    }

    @Test
    void pausedAdsAreNotServed() throws Exception {
        AdCatalog c = parse(catalog(ApiKeys.sha256Hex("k"), "paused"));
        assertThat(c.activeAdsFor("home")).isEmpty();
        assertThat(c.ad("ad-1")).isPresent();
    }

    @Test
    void brokenCataloguesAreRefusedWithAMessageNamingTheEntry() {
        String hash = ApiKeys.sha256Hex("k");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse(catalog(hash, "gone"))).hasMessageContaining("ad ad-1").hasMessageContaining("status");
        assertThatThrownBy(() -> parse(catalog(hash, "active").replace("https://acme.example/x", "javascript:alert(1)")))
                .hasMessageContaining("must be http(s)");
        assertThatThrownBy(() -> parse(catalog("not-hex", "active"))).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> parse(catalog(hash, "active").replace("\"advertiser\":\"acme\"", "\"advertiser\":\"nobody\"")))
                .hasMessageContaining("unknown advertiser nobody");
    }

    @Test
    void holderReloadsAChangedFileAndKeepsTheOldCatalogueOnABrokenEdit() throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, catalog(ApiKeys.sha256Hex("old"), "active"));
        AdCatalogHolder holder = AdCatalogHolder.fromFile(file);
        assertThat(holder.reloadIfChanged()).as("unchanged").isFalse();

        Files.writeString(file, catalog(ApiKeys.sha256Hex("new"), "active"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2_000));
        assertThat(holder.reloadIfChanged()).isTrue();
        assertThat(holder.get().advertiserForApiKey("new")).isPresent();
        assertThat(holder.get().advertiserForApiKey("old")).isEmpty();

        Files.writeString(file, "{broken");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 4_000));
        assertThat(holder.reloadIfChanged()).isFalse();
        assertThat(holder.get().advertiserForApiKey("new")).isPresent();
    }
}
