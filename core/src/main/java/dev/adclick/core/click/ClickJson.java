package dev.adclick.core.click;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the JSON value of the {@code clicks} topic (DESIGN §3.2).
 *
 * <p>Parsing is strict about what counting depends on (click_id, ad_id, ts, verified) and lenient
 * about extra fields, so newer producers can add fields without breaking older jobs.
 */
public final class ClickJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Ids are short opaque strings; anything longer is garbage, not a click. */
    static final int MAX_ID_LENGTH = 256;

    private ClickJson() {}

    public static byte[] toBytes(Click c) {
        return toJson(c).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(Click c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", c.getV());
        n.put("click_id", c.getClickId());
        n.put("ad_id", c.getAdId());
        if (c.getImpressionId() == null) n.putNull("impression_id"); else n.put("impression_id", c.getImpressionId());
        n.put("ts", c.getTs());
        n.put("ip_hash", c.getIpHash());
        n.put("ua_hash", c.getUaHash());
        n.put("verified", c.isVerified());
        return n.toString();
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
