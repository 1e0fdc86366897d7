package dev.adclick.core.impression;

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

    // the fields parsing reads, by position (MessageObject keeps only these)
    private static final List<String> FIELDS = List.of("v", "impression_id", "ad_id", "kind", "ts",
            Dimension.PLACEMENT.field(), Dimension.COUNTRY.field(), Dimension.DEVICE.field(), "ip_hash", "ua_hash");
    private static final int V = 0, IMPRESSION_ID = 1, AD_ID = 2, KIND = 3, TS = 4, PLACEMENT = 5, COUNTRY = 6, DEVICE = 7,
            IP_HASH = 8, UA_HASH = 9;

    public static Impression parse(String json) throws InvalidImpressionException {
        MessageObject n = MessageObject.parse(FACTORY, json, FIELDS, InvalidImpressionException::new);
        MessageFields.version(n, V, Impression.FORMAT_VERSION, InvalidImpressionException::new);
        Impression i = new Impression();
        i.setImpressionId(MessageFields.requiredId(n, IMPRESSION_ID, InvalidImpressionException::new));
        i.setAdId(MessageFields.requiredId(n, AD_ID, InvalidImpressionException::new));
        String kind = MessageFields.requiredId(n, KIND, InvalidImpressionException::new);
        i.setKind(ImpressionKind.fromJson(kind));
        if (i.getKind() == null) throw new InvalidImpressionException("kind must be served or rendered, was '" + kind + "'");
        i.setTs(MessageFields.epochMillis(n, TS, InvalidImpressionException::new));
        i.setPlacement(MessageFields.optionalText(n, PLACEMENT, InvalidImpressionException::new));
        i.setCountry(MessageFields.optionalText(n, COUNTRY, InvalidImpressionException::new));
        i.setDevice(MessageFields.optionalText(n, DEVICE, InvalidImpressionException::new));
        i.setIpHash(MessageFields.optionalText(n, IP_HASH, InvalidImpressionException::new));
        i.setUaHash(MessageFields.optionalText(n, UA_HASH, InvalidImpressionException::new));
        return i;
    }
}
