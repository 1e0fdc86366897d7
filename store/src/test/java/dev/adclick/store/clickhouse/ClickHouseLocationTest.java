package dev.adclick.store.clickhouse;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ClickHouseLocation} and the zone-free SQL helpers of {@link ClickHouseSchema}. */
class ClickHouseLocationTest {
    @Test
    void parsesEndpointDatabaseAndDecodedCredentials() {
        ClickHouseLocation l = ClickHouseLocation.parse("http://ch.example:8123/clicks?user=bob&password=a%26b%3Dc&timeout_ms=1500");
        assertThat(l.endpoint()).isEqualTo(URI.create("http://ch.example:8123/"));
        assertThat(l.database()).isEqualTo("clicks");
        assertThat(l.user()).isEqualTo("bob");
        assertThat(l.password()).isEqualTo("a&b=c");
        assertThat(l.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(l.toString()).doesNotContain("a&b=c");
    }

    @Test
    void databaseDefaultsToDefaultAndCredentialsAreOptional() {
        ClickHouseLocation l = ClickHouseLocation.parse("http://127.0.0.1:8123");
        assertThat(l.database()).isEqualTo("default");
        assertThat(l.user()).isNull();
        assertThat(l.requestTimeout()).isEqualTo(ClickHouseLocation.DEFAULT_TIMEOUT);
    }

    @Test
    void rejectsUnsafeDatabaseNamesUnknownParametersAndOtherSchemes() {
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db;DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db?pasword=x")).hasMessageContaining("pasword");
        assertThatThrownBy(() -> ClickHouseLocation.parse("tcp://h:9000/db")).hasMessageContaining("http://host:8123/database");
    }

    @Test
    void parsesAClusterWithItsShardEndpoints() {
        ClickHouseLocation l = ClickHouseLocation.parse("http://127.0.0.1:8123/db?cluster=adclick&shards=http://127.0.0.1:8123,http://127.0.0.1:8124/&user=u");
        assertThat(l.sharded()).isTrue();
        assertThat(l.cluster()).isEqualTo("adclick");
        assertThat(l.shards()).containsExactly(URI.create("http://127.0.0.1:8123/"), URI.create("http://127.0.0.1:8124/"));
        assertThat(l.toString()).isEqualTo("http://127.0.0.1:8123/db?user=u&cluster=adclick&shards=http://127.0.0.1:8123,http://127.0.0.1:8124");
        assertThat(l.onServer(URI.create("http://127.0.0.1:8124/")).sharded()).isFalse();
        assertThat(ClickHouseLocation.parse("http://h:8123/db").sharded()).isFalse();
    }

    @Test
    void aClusterNeedsShardsAndShardsNeedACluster() {
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db?cluster=adclick")).hasMessageContaining("needs shards=");
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db?shards=http://h:8123")).hasMessageContaining("needs cluster=");
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db?cluster=a-b&shards=http://h:8123")).hasMessageContaining("cluster name");
        assertThatThrownBy(() -> ClickHouseLocation.parse("http://h:8123/db?cluster=c&shards=h:8123")).hasMessageContaining("shard must look like");
    }

    @Test
    void millisecondBoundsBecomeTheFirstWholeSecondClampedToDateTime() {
        assertThat(ClickHouseSchema.secondsAtOrAfter(60_000)).isEqualTo(60);
        assertThat(ClickHouseSchema.secondsAtOrAfter(60_001)).isEqualTo(61);
        assertThat(ClickHouseSchema.secondsAtOrAfter(-5)).isZero();
        assertThat(ClickHouseSchema.secondsAtOrAfter(Long.MIN_VALUE)).isZero();
        assertThat(ClickHouseSchema.secondsAtOrAfter(Long.MAX_VALUE)).isEqualTo(ClickHouseSchema.MAX_DATETIME_SECONDS);
    }

    @Test
    void stringLiteralsEscapeQuotesAndBackslashes() {
        assertThat(ClickHouseSchema.literal("a'b\\c\td")).isEqualTo("'a\\'b\\\\c\\td'");
    }
}
