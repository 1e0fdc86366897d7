package dev.adclick.core.topic;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * The field checks every topic format shares (clicks, impressions): ids are short non-blank
 * strings, optional texts are strings or null, event times are positive epoch milliseconds.
 * Errors are written for people and raised as each format's own exception.
 */
public final class MessageFields {
    /** Ids are short opaque strings; anything longer is garbage, not an event. */
    public static final int MAX_ID_LENGTH = 256;

    private MessageFields() {}

    public static <E extends Exception> String requiredId(JsonNode n, String field, Function<String, E> error) throws E {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) throw error.apply(field + " is missing");
        if (!f.isTextual()) throw error.apply(field + " must be a string");
        String s = f.asText();
        if (s.isBlank()) throw error.apply(field + " is empty");
        if (s.length() > MAX_ID_LENGTH) throw error.apply(field + " is longer than " + MAX_ID_LENGTH);
        return s;
    }

    public static <E extends Exception> String optionalText(JsonNode n, String field, Function<String, E> error) throws E {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) return null;
        if (!f.isTextual()) throw error.apply(field + " must be a string or null");
        if (f.asText().length() > MAX_ID_LENGTH) throw error.apply(field + " is longer than " + MAX_ID_LENGTH);
        return f.asText();
    }

    public static <E extends Exception> long epochMillis(JsonNode n, String field, Function<String, E> error) throws E {
        JsonNode ts = n.get(field);
        if (ts == null || !ts.canConvertToLong() || !ts.isIntegralNumber()) {
            throw error.apply(field + " must be epoch milliseconds (an integer)");
        }
        if (ts.asLong() <= 0) throw error.apply(field + " must be positive");
        return ts.asLong();
    }

    /** Checks {@code v}: absent, or exactly {@code version}. */
    public static <E extends Exception> void version(JsonNode n, int version, Function<String, E> error) throws E {
        version(n, version, version, error);
    }

    /** Checks {@code v}: absent, or one of {@code oldest..newest} (a format that only added fields reads its older versions). */
    public static <E extends Exception> void version(JsonNode n, int oldest, int newest, Function<String, E> error) throws E {
        JsonNode v = n.get("v");
        if (v != null && !(v.isInt() && v.asInt() >= oldest && v.asInt() <= newest)) throw error.apply("unsupported format version " + v);
    }
}
