package dev.adclick.aggregator.source;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.aggregator.records.KafkaMessage;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Turns each record of a topic into a {@link KafkaMessage}: valid or rejected, never an exception,
 * so a malformed message can never stop the job. One instance per topic: {@link #clicks()},
 * {@link #impressions()}.
 */
public final class MessageDeserializationSchema<T, M extends KafkaMessage<T>> implements KafkaRecordDeserializationSchema<M> {
    private static final long serialVersionUID = 1L;
    /** Rejected messages are archived; cap what we keep of a garbage payload. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    /** The topic format's parser; its checked exception says, for people, why a message is invalid. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(byte[] value) throws Exception;
    }

    /** Builds the message from the event or from the raw text and the reason. */
    public interface Messages<T, M> extends Serializable {
        M valid(T event, int partition, long offset, long kafkaTimestamp);

        M invalid(String raw, String error, int partition, long offset, long kafkaTimestamp);
    }

    private final Parser<T> parser;
    private final Messages<T, M> messages;
    private final Class<M> type;

    MessageDeserializationSchema(Parser<T> parser, Messages<T, M> messages, Class<M> type) {
        this.parser = parser;
        this.messages = messages;
        this.type = type;
    }

    /** The {@code clicks} topic ({@link ClickJson}). */
    public static MessageDeserializationSchema<Click, KafkaClick> clicks() {
        return new MessageDeserializationSchema<>(ClickJson::parse, new Messages<>() {
            @Override public KafkaClick valid(Click e, int p, long o, long ts) { return KafkaClick.valid(e, p, o, ts); }
            @Override public KafkaClick invalid(String raw, String error, int p, long o, long ts) { return KafkaClick.invalid(raw, error, p, o, ts); }
        }, KafkaClick.class);
    }

    /** The {@code impressions} topic ({@link ImpressionJson}). */
    public static MessageDeserializationSchema<Impression, KafkaImpression> impressions() {
        return new MessageDeserializationSchema<>(ImpressionJson::parse, new Messages<>() {
            @Override public KafkaImpression valid(Impression e, int p, long o, long ts) { return KafkaImpression.valid(e, p, o, ts); }
            @Override public KafkaImpression invalid(String raw, String error, int p, long o, long ts) { return KafkaImpression.invalid(raw, error, p, o, ts); }
        }, KafkaImpression.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<M> out) {
        out.collect(read(record.value(), record.partition(), record.offset(), record.timestamp()));
    }

    /** One message's value, as read from (partition, offset). */
    public M read(byte[] value, int partition, long offset, long kafkaTimestamp) {
        try {
            return messages.valid(parser.parse(value), partition, offset, kafkaTimestamp);
        } catch (RuntimeException e) {
            return messages.invalid(raw(value), "unreadable: " + e.getMessage(), partition, offset, kafkaTimestamp);
        } catch (Exception e) {
            return messages.invalid(raw(value), e.getMessage(), partition, offset, kafkaTimestamp);
        }
    }

    static String raw(byte[] value) {
        if (value == null) return null;
        String s = new String(value, StandardCharsets.UTF_8);
        return s.length() > MAX_RAW_CHARS ? s.substring(0, MAX_RAW_CHARS) : s;
    }

    @Override
    public TypeInformation<M> getProducedType() {
        return TypeInformation.of(type);
    }
}
