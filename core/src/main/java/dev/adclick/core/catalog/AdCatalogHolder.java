package dev.adclick.core.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The current catalogue, reloaded when its file changes (no restart needed). A broken edit is
 * logged and the previous catalogue stays in force, so a typo never takes the service down.
 */
public final class AdCatalogHolder implements Supplier<AdCatalog> {
    private static final Logger LOG = LoggerFactory.getLogger(AdCatalogHolder.class);

    private final Path file;
    private final AtomicReference<AdCatalog> current;
    private volatile FileTime loadedMtime;

    private AdCatalogHolder(Path file, AdCatalog initial, FileTime mtime) {
        this.file = file;
        this.current = new AtomicReference<>(initial);
        this.loadedMtime = mtime;
    }

    /** A holder over a file; fails now if the file cannot be read. */
    public static AdCatalogHolder fromFile(Path file) throws IOException {
        return new AdCatalogHolder(file, AdCatalogLoader.load(file), Files.getLastModifiedTime(file));
    }

    /** A holder over a fixed catalogue (tests, the built-in demo catalogue). */
    public static AdCatalogHolder fixed(AdCatalog catalog) {
        return new AdCatalogHolder(null, catalog, null);
    }

    @Override
    public AdCatalog get() {
        return current.get();
    }

    /**
     * Reloads if the file changed since the last load. Call it periodically (off the event loop).
     *
     * @return true if a new catalogue was loaded
     */
    public boolean reloadIfChanged() {
        if (file == null) return false;
        try {
            FileTime mtime = Files.getLastModifiedTime(file);
            if (mtime.equals(loadedMtime)) return false;
            AdCatalog next = AdCatalogLoader.load(file);
            current.set(next);
            loadedMtime = mtime;
            LOG.info("Reloaded ad catalogue {}: {} ads, {} advertisers", file, next.ads().size(), next.advertisers().size());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ad catalogue {} not reloaded, keeping the previous one: {}", file, e.getMessage());
            return false;
        }
    }
}
