package dev.adclick.aggregator.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The cumulative pipeline counters one store writer reports, and its checkpointed state. */
public record WriterCounters(long duplicates, long invalid, long tooLate) {
    public static final WriterCounters ZERO = new WriterCounters(0, 0, 0);

    public WriterCounters plus(WriterCounters o) {
        return new WriterCounters(duplicates + o.duplicates, invalid + o.invalid, tooLate + o.tooLate);
    }

    /** Writes the three counters as longs (version 1). */
    public static final class Serializer implements SimpleVersionedSerializer<WriterCounters> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(WriterCounters c) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(24);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(c.duplicates);
                out.writeLong(c.invalid);
                out.writeLong(c.tooLate);
            }
            return bytes.toByteArray();
        }

        @Override
        public WriterCounters deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown store writer state version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new WriterCounters(in.readLong(), in.readLong(), in.readLong());
            }
        }
    }
}
