package dev.adclick.core.topic;

import java.util.function.Function;

/**
 * The field checks every topic format shares (clicks, impressions): ids are short non-blank
 * strings, optional texts are strings or null, event times are positive epoch milliseconds.
 * Errors are written for people and raised as each format's own exception. Fields are read by
 * {@link MessageObject} and named by their position in the format's list of names.
 */
public final class MessageFields {
    /** Ids are short opaque strings; anything longer is garbage, not an event. */
    public static final int MAX_ID_LENGTH = 256;

    private MessageFields() {}

    public static <E extends Exception> String requiredId(MessageObject n, int field, Function<String, E> error) throws E {
        String name = n.name(field);
        MessageObject.Kind k = n.kind(field);
        if (k == MessageObject.Kind.ABSENT || k == MessageObject.Kind.NULL) throw error.apply(name + " is missing");
        if (k != MessageObject.Kind.TEXT) throw error.apply(name + " must be a string");
        String s = n.text(field);
        if (s.isBlank()) throw error.apply(name + " is empty");
        if (s.length() > MAX_ID_LENGTH) throw error.apply(name + " is longer than " + MAX_ID_LENGTH);
        return s;
    }

    public static <E extends Exception> String optionalText(MessageObject n, int field, Function<String, E> error) throws E {
        MessageObject.Kind k = n.kind(field);
        if (k == MessageObject.Kind.ABSENT || k == MessageObject.Kind.NULL) return null;
        if (k != MessageObject.Kind.TEXT) throw error.apply(n.name(field) + " must be a string or null");
        if (n.text(field).length() > MAX_ID_LENGTH) throw error.apply(n.name(field) + " is longer than " + MAX_ID_LENGTH);
        return n.text(field);
    }

    public static <E extends Exception> long epochMillis(MessageObject n, int field, Function<String, E> error) throws E {
        MessageObject.Kind k = n.kind(field);
        if (k != MessageObject.Kind.INT && k != MessageObject.Kind.LONG) {
            throw error.apply(n.name(field) + " must be epoch milliseconds (an integer)");
        }
        if (n.longValue(field) <= 0) throw error.apply(n.name(field) + " must be positive");
        return n.longValue(field);
    }

    /** An optional boolean: absent or null is false. */
    public static <E extends Exception> boolean optionalFlag(MessageObject n, int field, Function<String, E> error) throws E {
        return switch (n.kind(field)) {
            case ABSENT, NULL, FALSE -> false;
            case TRUE -> true;
            default -> throw error.apply(n.name(field) + " must be true or false");
        };
    }

    /** Checks {@code v}: absent, or exactly {@code version}. */
    public static <E extends Exception> void version(MessageObject n, int field, int version, Function<String, E> error) throws E {
        version(n, field, version, version, error);
    }

    /** Checks {@code v}: absent, or one of {@code oldest..newest} (a format that only added fields reads its older versions). */
    public static <E extends Exception> void version(MessageObject n, int field, int oldest, int newest, Function<String, E> error) throws E {
        MessageObject.Kind k = n.kind(field);
        if (k == MessageObject.Kind.ABSENT) return;
        if (!(k == MessageObject.Kind.INT && n.longValue(field) >= oldest && n.longValue(field) <= newest)) {
            throw error.apply("unsupported format version " + n.shown(field));
        }
    }
}
