package dev.adclick.ingest.internal.dimension;

import dev.adclick.core.dimension.Device;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** User-Agents of each device class, the cache, and the measurement quoted in ingest/README.md (printed, not asserted). */
class DeviceClassifierTest {
    private static final DeviceClassifier DEVICES = new DeviceClassifier();

    @Test
    void userAgentsOfEachKind() {
        assertThat(DEVICES.device("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
                .isEqualTo(Device.DESKTOP);
        assertThat(DEVICES.device("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"))
                .isEqualTo(Device.DESKTOP);
        assertThat(DEVICES.device("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"))
                .isEqualTo(Device.MOBILE);
        assertThat(DEVICES.device("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
                .as("an Android tablet: no 'Mobile'").isEqualTo(Device.TABLET);
        assertThat(DEVICES.device("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
                .isEqualTo(Device.TABLET);
        assertThat(DEVICES.device("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).isEqualTo(Device.BOT);
        assertThat(DEVICES.device("curl/8.5.0")).isEqualTo(Device.BOT);
        assertThat(DEVICES.device(null)).isEqualTo(Device.OTHER);
        assertThat(DEVICES.device(" ")).isEqualTo(Device.OTHER);
    }

    @Test
    void aRepeatedUserAgentIsParsedOnce() {
        String ua = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 cache-test";
        long before = DEVICES.misses();
        for (int i = 0; i < 100; i++) assertThat(DEVICES.device(ua)).isEqualTo(Device.DESKTOP);
        assertThat(DEVICES.misses() - before).isEqualTo(1);
    }

    @Test
    void unmappedClassesAreOther() {
        assertThat(DeviceClassifier.map("TV")).isEqualTo(Device.OTHER);
        assertThat(DeviceClassifier.map("Unknown")).isEqualTo(Device.OTHER);
        assertThat(DeviceClassifier.map(null)).isEqualTo(Device.OTHER);
    }

    /** The figures of ingest/README.md: an uncached parse and a cached lookup, printed for the record. */
    @Test
    void measureParseAndCachedLookup() {
        String base = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 m";
        int n = 5_000;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) DEVICES.device(base + round + "-" + i);
            double parseMicros = (System.nanoTime() - t) / 1e3 / n;
            t = System.nanoTime();
            for (int i = 0; i < n; i++) DEVICES.device(base + round + "-" + (i % 100));
            double hitMicros = (System.nanoTime() - t) / 1e3 / n;
            System.out.printf("device parse: uncached %.1f µs, cached %.2f µs (build %d ms)%n", parseMicros, hitMicros, DEVICES.buildMillis());
        }
        assertThat(DEVICES.misses()).isPositive();
    }
}
