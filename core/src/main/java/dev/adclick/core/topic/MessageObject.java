package dev.adclick.core.topic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The top-level fields of one topic message, read with Jackson's streaming {@link JsonParser}, not
 * a tree: the job parses every event (docs/benchmarks.md, Aggregator: tree parsing was the largest
 * cost of the impressions' source), and a topic message is one flat object whose few known fields
 * are all scalars. Only the fields a format names are kept (by position in its list of names);
 * any other field is skipped whole. Like the tree it replaces, a field given twice keeps its last
 * value, and nothing after the object's end is read. {@link MessageFields} checks the values.
 */
public final class MessageObject {
    /** What a field held: its JSON kind, and its text or integer value. */
    enum Kind { ABSENT, NULL, TEXT, INT, LONG, BIG_INTEGER, FLOAT, TRUE, FALSE, STRUCTURE }

    private final List<String> names;
    private final Kind[] kinds;
    private final String[] texts;
    private final long[] longs;

    private MessageObject(List<String> names) {
        this.names = names;
        this.kinds = new Kind[names.size()];
        this.texts = new String[names.size()];
        this.longs = new long[names.size()];
        Arrays.fill(kinds, Kind.ABSENT);
    }

    /**
     * Reads {@code json}'s top-level object, keeping the fields in {@code names}; a document that is
     * not JSON, or not a JSON object, is the format's error ({@code error}: its exception).
     */
    public static <E extends Exception> MessageObject parse(JsonFactory factory, String json, List<String> names,
                                                            Function<String, E> error) throws E {
        MessageObject o;
        try {
            o = read(factory, json, names);
        } catch (JsonProcessingException e) {
            throw error.apply("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string cannot fail", e);
        }
        if (o == null) throw error.apply("not a JSON object");
        return o;
    }

    /** The object, or null when the document is not a JSON object (an array, a scalar, nothing). */
    private static MessageObject read(JsonFactory factory, String json, List<String> names) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            MessageObject o = new MessageObject(names);
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int i = names.indexOf(p.currentName());
                JsonToken v = p.nextToken();
                if (i < 0) {
                    p.skipChildren();
                    continue;
                }
                o.set(i, p, v);
            }
            if (t != JsonToken.END_OBJECT) throw new JsonParseException(p, "unexpected end of the object");
            return o;
        }
    }

    private void set(int i, JsonParser p, JsonToken v) throws IOException {
        texts[i] = null;
        switch (v) {
            case VALUE_NULL -> kinds[i] = Kind.NULL;
            case VALUE_STRING -> { kinds[i] = Kind.TEXT; texts[i] = p.getText(); }
            case VALUE_TRUE -> kinds[i] = Kind.TRUE;
            case VALUE_FALSE -> kinds[i] = Kind.FALSE;
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType n = p.getNumberType();
                kinds[i] = n == JsonParser.NumberType.INT ? Kind.INT : n == JsonParser.NumberType.LONG ? Kind.LONG : Kind.BIG_INTEGER;
                if (kinds[i] != Kind.BIG_INTEGER) longs[i] = p.getLongValue();
                else texts[i] = p.getText();
            }
            case VALUE_NUMBER_FLOAT -> { kinds[i] = Kind.FLOAT; texts[i] = p.getText(); }
            default -> { kinds[i] = Kind.STRUCTURE; p.skipChildren(); }
        }
    }

    Kind kind(int field) {
        return kinds[field];
    }

    String text(int field) {
        return texts[field];
    }

    long longValue(int field) {
        return longs[field];
    }

    String name(int field) {
        return names.get(field);
    }

    /** The field's value as JSON-ish text, for error messages. */
    String shown(int field) {
        return switch (kinds[field]) {
            case ABSENT -> "(absent)";
            case NULL -> "null";
            case TEXT -> '"' + texts[field] + '"';
            case INT, LONG -> Long.toString(longs[field]);
            case TRUE -> "true";
            case FALSE -> "false";
            case STRUCTURE -> "an object or array";
            default -> texts[field];
        };
    }
}
