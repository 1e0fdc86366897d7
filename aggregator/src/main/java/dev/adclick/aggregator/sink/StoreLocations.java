package dev.adclick.aggregator.sink;

import dev.adclick.store.ClickStore;
import dev.adclick.store.ClickStores;
import dev.adclick.store.StoreUnavailableException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the store of a location string. Delegates to {@link ClickStores#open}, except for schemes
 * registered in this JVM (tests register a store they can make fail; see {@link #register}).
 */
public final class StoreLocations {
    /** Opens a store for a location of a registered scheme. */
    @FunctionalInterface
    public interface Opener {
        ClickStore open(String location) throws StoreUnavailableException;
    }

    private static final Map<String, Opener> SCHEMES = new ConcurrentHashMap<>();

    private StoreLocations() {}

    /**
     * Registers a scheme ({@code "name"} handles locations starting with {@code "name:"}) for this
     * JVM; meant for tests and embedded setups where the job runs in the same JVM.
     */
    public static void register(String scheme, Opener opener) {
        SCHEMES.put(scheme, opener);
    }

    public static void unregister(String scheme) {
        SCHEMES.remove(scheme);
    }

    public static ClickStore open(String location) throws StoreUnavailableException {
        int colon = location.indexOf(':');
        if (colon > 0) {
            Opener o = SCHEMES.get(location.substring(0, colon));
            if (o != null) return o.open(location);
        }
        return ClickStores.open(location);
    }
}
