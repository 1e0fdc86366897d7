package dev.adclick.core.impression;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.topic.MessageFields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the JSON value of the {@code impressions} topic (docs/architecture.md,
 * Contracts): strict about what counting needs (impression_id, ad_id, kind, ts), lenient about
 * extra fields, like {@code ClickJson}.
 */
public final class ImpressionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ImpressionJson() {}

    /** The impression as UTF-8 JSON, written with a streaming generator (once per served ad: the hot path). */
    public static byte[] toBytes(Impression i) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", i.getV());
            g.writeStringField("impression_id", i.getImpressionId());
            g.writeStringField("ad_id", i.getAdId());
            g.writeStringField("kind", i.getKind().json());
            g.writeNumberField("ts", i.getTs());
            g.writeStringField(Dimension.PLACEMENT.field(), i.getPlacement());
            g.writeStringField(Dimension.COUNTRY.field(), i.getCountry());
            g.writeStringField(Dimension.DEVICE.field(), i.getDevice());
            g.writeStringField("ip_hash", i.getIpHash());
            g.writeStringField("ua_hash", i.getUaHash());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static String toJson(Impression i) {
        return new String(toBytes(i), StandardCharsets.UTF_8);
    }

    public static Impression parse(byte[] value) throws InvalidImpressionException {
        if (value == null || value.length == 0) throw new InvalidImpressionException("empty message");
        return parse(new String(value, StandardCharsets.UTF_8));
    }

    public static Impression parse(String json) throws InvalidImpressionException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidImpressionException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new InvalidImpressionException("not a JSON object");
        MessageFields.version(n, Impression.FORMAT_VERSION, InvalidImpressionException::new);
        Impression i = new Impression();
        i.setImpressionId(MessageFields.requiredId(n, "impression_id", InvalidImpressionException::new));
        i.setAdId(MessageFields.requiredId(n, "ad_id", InvalidImpressionException::new));
        String kind = MessageFields.requiredId(n, "kind", InvalidImpressionException::new);
        i.setKind(ImpressionKind.fromJson(kind));
        if (i.getKind() == null) throw new InvalidImpressionException("kind must be served or rendered, was '" + kind + "'");
        i.setTs(MessageFields.epochMillis(n, "ts", InvalidImpressionException::new));
        i.setPlacement(MessageFields.optionalText(n, Dimension.PLACEMENT.field(), InvalidImpressionException::new));
        i.setCountry(MessageFields.optionalText(n, Dimension.COUNTRY.field(), InvalidImpressionException::new));
        i.setDevice(MessageFields.optionalText(n, Dimension.DEVICE.field(), InvalidImpressionException::new));
        i.setIpHash(MessageFields.optionalText(n, "ip_hash", InvalidImpressionException::new));
        i.setUaHash(MessageFields.optionalText(n, "ua_hash", InvalidImpressionException::new));
        return i;
    }
}
