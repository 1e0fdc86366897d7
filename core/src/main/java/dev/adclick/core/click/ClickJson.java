package dev.adclick.core.click;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the JSON value of the {@code clicks} topic (DESIGN §3.2).
 *
 * <p>Parsing is strict about what counting depends on (click_id, ad_id, ts, verified) and lenient
 * about extra fields, so newer producers can add fields without breaking older jobs.
 */
public final class ClickJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Ids are short opaque strings; anything longer is garbage, not a click. */
    static final int MAX_ID_LENGTH = 256;

    private ClickJson() {}

    /**
     * The click as UTF-8 JSON. Written with a streaming generator, not a tree: this runs once per
     * click on the redirect service, where allocation shows up in tail latency.
     */
    public static byte[] toBytes(Click c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", c.getV());
            g.writeStringField("click_id", c.getClickId());
            g.writeStringField("ad_id", c.getAdId());
            g.writeStringField("impression_id", c.getImpressionId());
            g.writeNumberField("ts", c.getTs());
            g.writeStringField("ip_hash", c.getIpHash());
            g.writeStringField("ua_hash", c.getUaHash());
            g.writeBooleanField("verified", c.isVerified());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static String toJson(Click c) {
        return new String(toBytes(c), StandardCharsets.UTF_8);
    }

    public static Click parse(byte[] value) throws InvalidClickException {
        if (value == null || value.length == 0) throw new InvalidClickException("empty message");
        return parse(new String(value, StandardCharsets.UTF_8));
    }

    public static Click parse(String json) throws InvalidClickException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidClickException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new InvalidClickException("not a JSON object");
        JsonNode v = n.get("v");
        if (v != null && !(v.isInt() && v.asInt() == Click.FORMAT_VERSION)) {
            throw new InvalidClickException("unsupported format version " + v);
        }
        Click c = new Click();
        c.setClickId(requiredId(n, "click_id"));
        c.setAdId(requiredId(n, "ad_id"));
        c.setImpressionId(optionalText(n, "impression_id"));
        JsonNode ts = n.get("ts");
        if (ts == null || !ts.canConvertToLong() || !ts.isIntegralNumber()) {
            throw new InvalidClickException("ts must be epoch milliseconds (an integer)");
        }
        if (ts.asLong() <= 0) throw new InvalidClickException("ts must be positive");
        c.setTs(ts.asLong());
        c.setIpHash(optionalText(n, "ip_hash"));
        c.setUaHash(optionalText(n, "ua_hash"));
        JsonNode verified = n.get("verified");
        if (verified != null && !verified.isNull() && !verified.isBoolean()) {
            throw new InvalidClickException("verified must be true or false");
        }
        c.setVerified(verified != null && verified.asBoolean(false));
        return c;
    }

    private static String requiredId(JsonNode n, String field) throws InvalidClickException {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) throw new InvalidClickException(field + " is missing");
        if (!f.isTextual()) throw new InvalidClickException(field + " must be a string");
        String s = f.asText();
        if (s.isBlank()) throw new InvalidClickException(field + " is empty");
        if (s.length() > MAX_ID_LENGTH) throw new InvalidClickException(field + " is longer than " + MAX_ID_LENGTH);
        return s;
    }

    private static String optionalText(JsonNode n, String field) throws InvalidClickException {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) return null;
        if (!f.isTextual()) throw new InvalidClickException(field + " must be a string or null");
        if (f.asText().length() > MAX_ID_LENGTH) throw new InvalidClickException(field + " is longer than " + MAX_ID_LENGTH);
        return f.asText();
    }
}
