package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An ingest server in its own JVM, for tests that kill it with {@code kill -9}.
 * Arguments: bootstrap servers, topic, spool directory, file to write the HTTP port to.
 */
public final class TestingIngestMain {
    private TestingIngestMain() {}

    public static void main(String[] args) throws Exception {
        IngestServer server = IngestServer.start(IngestTestBase.options(args[0], args[1], Path.of(args[2]))
                // no fsync at all: a process kill must still lose nothing (the page cache survives it)
                .spoolFsync(SpoolFsync.NEVER)
                .build(), AdCatalogHolder.fixed(IngestTestBase.catalog()));
        Path portFile = Path.of(args[3]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
