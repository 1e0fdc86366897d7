package dev.adclick.store.clickhouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The body of an {@code INSERT … FORMAT JSONEachRow}: one JSON object per line, written with Jackson. */
final class JsonEachRow {
    private static final JsonFactory JSON = new JsonFactory();

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonEachRow() {}

    /** What {@code writer} writes (objects followed by {@link #endRow}), as UTF-8 bytes. */
    static byte[] of(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setRootValueSeparator(null);
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to memory", e);
        }
        return out.toByteArray();
    }

    /** Ends one row: closes its object and starts a new line. */
    static void endRow(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.writeRaw('\n');
    }
}
