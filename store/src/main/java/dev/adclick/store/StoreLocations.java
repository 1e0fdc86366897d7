package dev.adclick.store;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one registry of store locations: a location is {@code scheme:rest}, and the scheme names a
 * {@link StoreBackend}. Backends come from {@link ServiceLoader} (DuckDB and ClickHouse here;
 * reconciliation adds {@code adclick+http}), and tests may {@link #register} their own.
 */
public final class StoreLocations {
    private static final Map<String, StoreBackend> BACKENDS = new ConcurrentHashMap<>();

    static {
        for (StoreBackend b : ServiceLoader.load(StoreBackend.class, StoreLocations.class.getClassLoader())) register(b);
    }

    private StoreLocations() {}

    /** Adds (or replaces) the backend of a scheme in this JVM. */
    public static void register(StoreBackend backend) {
        BACKENDS.put(backend.scheme(), backend);
    }

    /**
     * The backend of a location.
     *
     * @throws IllegalArgumentException for an empty location or an unknown scheme, listing the known ones
     */
    public static StoreBackend backendOf(String location) {
        if (location == null || location.isBlank()) throw new IllegalArgumentException("store location is empty; use " + examples());
        int colon = location.indexOf(':');
        StoreBackend b = colon > 0 ? BACKENDS.get(location.substring(0, colon)) : null;
        if (b == null) throw new IllegalArgumentException("unknown store location '" + describe(location) + "'; use " + examples());
        return b;
    }

    public static ClickStore open(String location) throws StoreUnavailableException {
        return backendOf(location).open(location);
    }

    public static MinuteRows openRows(String location) throws StoreUnavailableException {
        return backendOf(location).openRows(location);
    }

    /** See {@link StoreBackend#ownedByOneProcess()}. */
    public static boolean ownedByOneProcess(String location) {
        return backendOf(location).ownedByOneProcess();
    }

    /**
     * The location as logs and messages may show it: passwords replaced by {@code ***}, whether
     * given as a {@code password=} parameter or as {@code user:password@} before the host.
     */
    public static String describe(String location) {
        if (location == null) return null;
        return location.replaceAll("(?i)([?&]password=)[^&]*", "$1***").replaceAll("://([^:/@?]+):[^@/?]*@", "://$1:***@");
    }

    private static String examples() {
        return BACKENDS.values().stream().map(StoreBackend::example).sorted().collect(Collectors.joining(" or "));
    }
}
