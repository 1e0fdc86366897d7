package dev.adclick.core.click;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.topic.MessageFields;
import dev.adclick.core.topic.MessageObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and writes the JSON value of the {@code clicks} topic (docs/architecture.md, Contracts, topic `clicks`).
 *
 * <p>Parsing is strict about what counting depends on (click_id, ad_id, ts, verified) and lenient
 * about extra fields, so newer producers can add fields without breaking older jobs.
 */
public final class ClickJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

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
            g.writeStringField(Dimension.PLACEMENT.field(), c.getPlacement());
            g.writeStringField(Dimension.COUNTRY.field(), c.getCountry());
            g.writeStringField(Dimension.DEVICE.field(), c.getDevice());
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

    // the fields parsing reads, by position (MessageObject keeps only these)
    private static final List<String> FIELDS = List.of("v", "click_id", "ad_id", "impression_id", "ts", "ip_hash", "ua_hash",
            "verified", Dimension.PLACEMENT.field(), Dimension.COUNTRY.field(), Dimension.DEVICE.field());
    private static final int V = 0, CLICK_ID = 1, AD_ID = 2, IMPRESSION_ID = 3, TS = 4, IP_HASH = 5, UA_HASH = 6,
            VERIFIED = 7, PLACEMENT = 8, COUNTRY = 9, DEVICE = 10;

    public static Click parse(String json) throws InvalidClickException {
        MessageObject n = MessageObject.parse(FACTORY, json, FIELDS, InvalidClickException::new);
        MessageFields.version(n, V, Click.OLDEST_FORMAT_VERSION, Click.FORMAT_VERSION, InvalidClickException::new);
        Click c = new Click();
        c.setClickId(MessageFields.requiredId(n, CLICK_ID, InvalidClickException::new));
        c.setAdId(MessageFields.requiredId(n, AD_ID, InvalidClickException::new));
        c.setImpressionId(MessageFields.optionalText(n, IMPRESSION_ID, InvalidClickException::new));
        c.setTs(MessageFields.epochMillis(n, TS, InvalidClickException::new));
        c.setIpHash(MessageFields.optionalText(n, IP_HASH, InvalidClickException::new));
        c.setUaHash(MessageFields.optionalText(n, UA_HASH, InvalidClickException::new));
        c.setVerified(MessageFields.optionalFlag(n, VERIFIED, InvalidClickException::new));
        // v1 has none of them: null, counted as unknown.
        c.setPlacement(MessageFields.optionalText(n, PLACEMENT, InvalidClickException::new));
        c.setCountry(MessageFields.optionalText(n, COUNTRY, InvalidClickException::new));
        c.setDevice(MessageFields.optionalText(n, DEVICE, InvalidClickException::new));
        return c;
    }
}
