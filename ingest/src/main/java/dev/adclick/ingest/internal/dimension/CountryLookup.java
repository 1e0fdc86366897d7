package dev.adclick.ingest.internal.dimension;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.adclick.ingest.internal.http.TrustedProxies;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;

/**
 * The country of a client address through a MaxMind DB file ({@code geoip.database}), or the stack's
 * default database that the build bundles (ingest/pom.xml, {@code geoip-database}).
 *
 * <p>A user's file is opened memory-mapped (the OS pages it in; no heap copy); the bundled one is a jar
 * resource, which the reader can only load into memory (about 8 MB of heap). {@link CHMCache} keeps
 * decoded records: the country databases have few distinct records, so lookups after the first ones
 * are a tree walk and a map hit. The reader is thread-safe; lookups need no I/O (the file is mapped),
 * so they run on the event loop.
 */
public final class CountryLookup implements Closeable {
    /** Where the build puts the default database (the untar in ingest/pom.xml). */
    static final String BUNDLED = "/dev/adclick/ingest/geoip/geo-whois-asn-country.mmdb";
    /** What startup logs and /healthz may say about the database in use. */
    private final String description;
    private final Reader reader;

    private CountryLookup(Reader reader, String description) {
        this.reader = reader;
        this.description = description;
    }

    /**
     * Opens {@code path}, or the bundled database when it is null.
     *
     * @param settingName named in the error, so a bad value points at the setting to fix
     * @throws IllegalArgumentException the file is missing or not a MaxMind DB
     */
    public static CountryLookup open(String path, String settingName) {
        if (path == null) return bundled();
        File f = new File(path);
        if (!f.isFile() || !f.canRead()) {
            throw new IllegalArgumentException(settingName + ": " + path + " is not a readable file (a MaxMind DB country database, .mmdb)");
        }
        try {
            Reader r = new Reader(f, Reader.FileMode.MEMORY_MAPPED, new CHMCache());
            return new CountryLookup(r, path + " (" + r.getMetadata().getDatabaseType() + ")");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(settingName + ": " + path + " is not a MaxMind DB file: " + e.getMessage(), e);
        }
    }

    private static CountryLookup bundled() {
        try (InputStream in = CountryLookup.class.getResourceAsStream(BUNDLED)) {
            if (in == null) throw new IllegalStateException("the bundled country database " + BUNDLED + " is not on the classpath (built without ingest's generate-resources?)");
            Reader r = new Reader(in, new CHMCache());
            return new CountryLookup(r, "bundled " + r.getMetadata().getDatabaseType() + " of " + r.getMetadata().getBuildDate().toInstant());
        } catch (IOException e) {
            throw new IllegalStateException("the bundled country database cannot be read", e);
        }
    }

    /** ISO 3166-1 alpha-2 of {@code ip} (a literal address, as the proxy rule gives it), or null: unparsable, private, or not covered. */
    public String country(String ip) {
        byte[] bytes = TrustedProxies.ip(ip);
        if (bytes == null) return null;
        try {
            return CountryRecords.countryCode(reader.get(InetAddress.getByAddress(bytes), Map.class));
        } catch (IOException | RuntimeException e) {
            return null; // a corrupt node answers "unknown" for that address; it must not fail the event
        }
    }

    public String description() {
        return description;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
