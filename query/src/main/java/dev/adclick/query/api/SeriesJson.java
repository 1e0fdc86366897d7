package dev.adclick.query.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.adclick.store.Bucket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * The JSON body of a series answer written straight to bytes with Jackson's streaming generator:
 * a day by minute is 1,440 buckets, and building a {@link JsonObject} per bucket (then encoding the
 * tree) cost ~1.1 ms of the request (issue 15). The bytes are those {@link JsonObject#encode()} gives
 * for the same answer as a tree (SeriesJsonTest): the head's fields go through Vert.x's own encoder,
 * each bucket through {@link CountsJson#writeLine}, the streamed {@link CountsJson#line}.
 */
final class SeriesJson {
    /** Vert.x's JSON factory changes only parser limits; a plain factory's generator writes what it writes. */
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Bytes per bucket, about: the buffer's first size. */
    private static final int BUCKET_BYTES = 170;

    private SeriesJson() {}

    /** {@code head}'s fields in order, then {@code buckets} (field name {@code field}) of these buckets. */
    static Buffer body(JsonObject head, String field, String start, List<Bucket> buckets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + buckets.size() * BUCKET_BYTES);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : head) {
                g.writeFieldName(e.getKey());
                JacksonCodec.encodeJson(e.getValue(), g);
            }
            g.writeArrayFieldStart(field);
            for (Bucket b : buckets) CountsJson.writeLine(g, start, iso(b.start()), b.counts());
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a series answer", e); // to memory: not expected
        }
        return Buffer.buffer(out.toByteArray());
    }
}
