package dev.adclick.ingest.internal.dimension;

import dev.adclick.ingest.IngestSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.Closeable;
import java.io.IOException;

/**
 * The country and device of an event, derived from the client address and User-Agent inside the click
 * service: only these and the salted hashes leave the process, never the address or the User-Agent
 * (the placement comes from the token). Thread-safe; one per server.
 */
public final class EventDimensions implements Closeable {
    private static volatile DeviceClassifier sharedDevices;

    private final CountryLookup countries;
    private final DeviceClassifier devices;
    private final Counter unknownCountry;

    private EventDimensions(CountryLookup countries, DeviceClassifier devices, MeterRegistry registry) {
        this.countries = countries;
        this.devices = devices;
        this.unknownCountry = Counter.builder("adclick.country.unknown")
                .description("Events whose client address has no country in the database (private, unparsable or not covered)")
                .register(registry);
        FunctionCounter.builder("adclick.device.parses", devices, DeviceClassifier::misses)
                .description("User-Agents parsed because the cache did not have them (shared by the servers of one JVM)")
                .register(registry);
    }

    /**
     * Opens the country database ({@code geoip.database}; null = the bundled default) and the device
     * parser; a bad database stops the start with a message naming the setting.
     */
    public static EventDimensions open(String geoipDatabase, MeterRegistry registry) {
        CountryLookup countries = CountryLookup.open(geoipDatabase, IngestSettings.GEOIP_DATABASE.key());
        return new EventDimensions(countries, devices(), registry);
    }

    /**
     * The device parser of this JVM, built on first use: it is stateless apart from its cache and takes
     * seconds to build, so every server of one JVM (tests, the loopback launcher) shares it.
     */
    private static DeviceClassifier devices() {
        DeviceClassifier d = sharedDevices;
        if (d != null) return d;
        synchronized (EventDimensions.class) {
            if (sharedDevices == null) sharedDevices = new DeviceClassifier();
            return sharedDevices;
        }
    }

    /** ISO 3166-1 alpha-2 of the client address, or null (counted). */
    public String country(String clientIp) {
        String c = countries.country(clientIp);
        if (c == null) unknownCountry.increment();
        return c;
    }

    /** {@code desktop|mobile|tablet|bot|other} of the User-Agent header. */
    public String device(String userAgent) {
        return devices.device(userAgent).json();
    }

    /** For the startup log line. */
    public String describe() {
        return "country database " + countries.description() + ", device parser built in " + devices.buildMillis() + " ms";
    }

    @Override
    public void close() throws IOException {
        countries.close();
    }
}
