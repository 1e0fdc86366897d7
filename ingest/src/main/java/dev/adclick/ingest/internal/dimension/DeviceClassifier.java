package dev.adclick.ingest.internal.dimension;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.adclick.core.dimension.Device;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Device} of a User-Agent, through Yauaa (nl.basjes.parse.useragent).
 *
 * <p>Why Yauaa and not uap-java: Yauaa answers the question asked, a {@code DeviceClass} (Desktop, Phone,
 * Tablet, Robot, …), and tells an Android tablet from a phone; uap-java gives device and OS families only,
 * so desktop vs. tablet would be heuristics of our own. Measured here (ingest/README.md, Dimensions;
 * 2-core shared VM): Yauaa restricted to {@code DeviceClass} builds in ~3.5 s and parses in ~90–140 µs
 * once warm; uap-java builds in ~0.3 s but its full parse took ~550 µs. Either is far too slow to
 * run per click, hence the cache: User-Agents repeat (a few thousand cover nearly all traffic), so a hit
 * is a hash lookup and only a new UA pays the parse. A miss is CPU work of ~0.1 ms, never I/O, done
 * after the answer is written where the event is built; Yauaa's own cache is off, ours keeps the
 * enum only.
 *
 * <p>Built once per server (the build is the slow part: startup logs its time); thread-safe.
 */
public final class DeviceClassifier {
    /** Distinct User-Agents remembered; each entry is a string and an enum reference. */
    static final int CACHE_SIZE = 20_000;
    private static final String DEVICE_CLASS = UserAgent.DEVICE_CLASS;

    private final UserAgentAnalyzer analyzer;
    private final Cache<String, Device> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    private final LongAdder misses = new LongAdder();
    private final long buildMillis;

    public DeviceClassifier() {
        long t0 = System.nanoTime();
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .withField(DEVICE_CLASS) // only the rules this field needs: a faster build and parse
                .withCache(0)
                .hideMatcherLoadStats()
                .immediateInitialization()
                .build();
        this.buildMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** The device of {@code userAgent}; a missing header is {@link Device#OTHER}. */
    public Device device(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return Device.OTHER;
        Device d = cache.getIfPresent(userAgent);
        if (d != null) return d;
        misses.increment();
        d = map(analyzer.parse(userAgent).getValue(DEVICE_CLASS));
        cache.put(userAgent, d);
        return d;
    }

    /**
     * Yauaa's device classes onto ours. Bots are every robot and attack tool (Robot, Robot Mobile,
     * Robot Imitator, Spy, Hacker: a click from any of them is not a person's); phones and other
     * pocket devices are mobile; a desktop or an anonymized desktop browser is desktop.
     */
    static Device map(String deviceClass) {
        if (deviceClass == null) return Device.OTHER;
        return switch (deviceClass) {
            case "Desktop", "Anonymized" -> Device.DESKTOP;
            case "Phone", "Mobile", "Watch", "Handheld Game Console" -> Device.MOBILE;
            case "Tablet", "eReader" -> Device.TABLET;
            case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> Device.BOT;
            default -> Device.OTHER; // TV, Set-top box, Game Console, Virtual Reality, Voice, Car, Unknown
        };
    }

    /** User-Agents parsed because the cache did not have them (adclick_device_parses_total). */
    public long misses() {
        return misses.sum();
    }

    public long buildMillis() {
        return buildMillis;
    }
}
