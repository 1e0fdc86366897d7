package dev.adclick.ingest.internal.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of spool records: {@code body_length:i32, crc32c(body):i32, body}, where body is
 * {@code seq:i64, appended_micros:i64, topic_and_key_length:u16, key, value}. The CRC lets recovery
 * find the end of the last complete record after a crash in the middle of a write.
 *
 * <p>{@code topic_and_key_length}: the top {@link #TOPIC_BITS} bits are the {@link SpoolTopic} code,
 * the rest the key length. Versions before impressions wrote a plain key length there (keys are ad
 * ids, at most 200 bytes, so those bits were always 0 = {@link SpoolTopic#CLICKS}): their segments
 * read unchanged, and their records go to the clicks topic. The other way round does not hold: an
 * earlier version reads a record of another topic as corrupt, so drain the spool before a downgrade.
 */
final class SpoolFormat {
    static final int HEADER = 8;
    static final int BODY_FIXED = 8 + 8 + 2;
    /** Events are ~300 bytes; anything near this bound is corruption, not an event. */
    static final int MAX_BODY = 1 << 20;
    /** Bits of the key-length field that hold the topic. */
    static final int TOPIC_BITS = 2;
    private static final int KEY_LENGTH_BITS = 16 - TOPIC_BITS;
    /** Longest key a record can carry (the rest of the field is the topic). */
    static final int MAX_KEY = (1 << KEY_LENGTH_BITS) - 1;

    private SpoolFormat() {}

    static int size(byte[] key, byte[] value) {
        return HEADER + BODY_FIXED + key.length + value.length;
    }

    /** Writes one record at the buffer's position; the buffer must have {@link #size} bytes left. */
    static void encode(ByteBuffer out, long seq, long appendedMicros, SpoolTopic topic, byte[] key, byte[] value) {
        int bodyLen = BODY_FIXED + key.length + value.length;
        int start = out.position();
        out.putInt(bodyLen).putInt(0);
        int bodyStart = out.position();
        out.putLong(seq).putLong(appendedMicros).putShort((short) (topic.code() << KEY_LENGTH_BITS | key.length)).put(key).put(value);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(bodyStart).limit(bodyStart + bodyLen));
        out.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Decodes the record at the buffer's position if it is complete and intact, advancing past it.
     *
     * @return the record, or null if the buffer ends inside it (position unchanged)
     * @throws CorruptRecordException if the header or checksum is wrong
     */
    static SpoolRecord decode(ByteBuffer in) throws CorruptRecordException {
        if (in.remaining() < HEADER) return null;
        int start = in.position();
        int bodyLen = in.getInt(start);
        int crcStored = in.getInt(start + 4);
        if (bodyLen < BODY_FIXED || bodyLen > MAX_BODY) throw new CorruptRecordException("bad record length " + bodyLen);
        if (in.remaining() < HEADER + bodyLen) return null;
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate().position(start + HEADER).limit(start + HEADER + bodyLen));
        if ((int) crc.getValue() != crcStored) throw new CorruptRecordException("checksum mismatch");
        in.position(start + HEADER);
        long seq = in.getLong();
        long micros = in.getLong();
        int field = in.getShort() & 0xffff;
        SpoolTopic topic = SpoolTopic.ofCode(field >>> KEY_LENGTH_BITS);
        if (topic == null) throw new CorruptRecordException("unknown topic code " + (field >>> KEY_LENGTH_BITS));
        int keyLen = field & MAX_KEY;
        if (keyLen > bodyLen - BODY_FIXED) throw new CorruptRecordException("bad key length " + keyLen);
        byte[] key = new byte[keyLen];
        in.get(key);
        byte[] value = new byte[bodyLen - BODY_FIXED - keyLen];
        in.get(value);
        return new SpoolRecord(seq, micros, topic, key, value);
    }

    /** A record whose header or checksum does not hold: a torn write or a damaged disk. */
    static final class CorruptRecordException extends Exception {
        CorruptRecordException(String message) {
            super(message);
        }
    }
}
