package dev.adclick.ingest.internal.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link TrustedProxies}. */
class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void untrustedPeerIsTheClientWhateverTheHeaderSays() {
        assertThat(proxies.clientAddress("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void trustedPeerYieldsTheFirstUntrustedHopFromTheRight() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("1.2.3.4"))).isEqualTo("1.2.3.4");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("6.6.6.6, 1.2.3.4, 10.9.9.9"))).isEqualTo("1.2.3.4");
        assertThat(proxies.clientAddress("192.168.1.7", List.of("6.6.6.6", "1.2.3.4:5555"))).isEqualTo("1.2.3.4");
        assertThat(proxies.clientAddress("fd00::1", List.of("[2001:db8::1]:80"))).isEqualTo("2001:db8::1");
    }

    @Test
    void garbageHopStopsTheWalk() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("evil.example.com"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("1.2.3.4, not-an-ip, 10.0.0.5"))).isEqualTo("10.0.0.5");
    }

    @Test
    void noProxiesMeansPeerAlways() {
        TrustedProxies none = TrustedProxies.parse(List.of());
        assertThat(none.clientAddress("10.1.2.3", List.of("1.2.3.4"))).isEqualTo("10.1.2.3");
    }

    @Test
    void matchesCidrsAndMappedAddresses() {
        assertThat(proxies.isTrusted("10.255.255.255")).isTrue();
        assertThat(proxies.isTrusted("11.0.0.1")).isFalse();
        assertThat(proxies.isTrusted("192.168.1.8")).isFalse();
        assertThat(proxies.isTrusted("::ffff:10.0.0.1")).isTrue();
        assertThat(TrustedProxies.parse(List.of("172.16.0.0/12")).isTrusted("172.31.255.1")).isTrue();
        assertThat(TrustedProxies.parse(List.of("172.16.0.0/12")).isTrusted("172.32.0.1")).isFalse();
    }

    @Test
    void rejectsBadEntriesNamingThem() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example.com"))).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }
}
