package dev.adclick.aggregator.source;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.click.InvalidClickException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Turns each record of the {@code clicks} topic into a {@link KafkaClick}: valid or rejected, never
 * an exception, so a malformed message can never stop the job.
 */
public class ClickDeserializationSchema implements KafkaRecordDeserializationSchema<KafkaClick> {
    private static final long serialVersionUID = 1L;
    /** Rejected messages are archived; cap what we keep of a garbage payload. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaClick> out) {
        byte[] value = record.value();
        try {
            out.collect(KafkaClick.valid(ClickJson.parse(value), record.partition(), record.offset(), record.timestamp()));
        } catch (InvalidClickException e) {
            out.collect(KafkaClick.invalid(raw(value), e.getMessage(), record.partition(), record.offset(), record.timestamp()));
        } catch (RuntimeException e) {
            out.collect(KafkaClick.invalid(raw(value), "unreadable: " + e.getMessage(), record.partition(), record.offset(), record.timestamp()));
        }
    }

    static String raw(byte[] value) {
        if (value == null) return null;
        String s = new String(value, StandardCharsets.UTF_8);
        return s.length() > MAX_RAW_CHARS ? s.substring(0, MAX_RAW_CHARS) : s;
    }

    @Override
    public TypeInformation<KafkaClick> getProducedType() {
        return TypeInformation.of(KafkaClick.class);
    }
}
