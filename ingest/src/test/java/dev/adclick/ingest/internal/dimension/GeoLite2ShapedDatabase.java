package dev.adclick.ingest.internal.dimension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the smallest MaxMind DB file with a GeoIP2/GeoLite2-shaped record, {@code {"country": {"iso_code": CC}}},
 * for every address of 0.0.0.0/1 (the other half has no record). maxmind-db has no writer and MaxMind's test
 * files are not on Maven Central, so the format (MaxMind DB spec 2.0) is written by hand: a one-node search
 * tree of 24-bit records, the 16-byte separator, the data section, the metadata marker and the metadata map.
 */
final class GeoLite2ShapedDatabase {
    private GeoLite2ShapedDatabase() {}

    static Path write(Path file, String isoCode) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // node 0: left (first bit 0) → the data at offset 0 (node_count + 16 + offset), right → node_count (no record)
        int nodeCount = 1;
        uint24(out, nodeCount + 16);
        uint24(out, nodeCount);
        out.write(new byte[16]); // the data section separator
        map(out, 1);
        string(out, "country");
        map(out, 1);
        string(out, "iso_code");
        string(out, isoCode);
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        map(out, 7);
        string(out, "node_count");
        uint(out, 6, nodeCount, 4);
        string(out, "record_size");
        uint(out, 5, 24, 2);
        string(out, "ip_version");
        uint(out, 5, 4, 2);
        string(out, "database_type");
        string(out, "GeoLite2-Country");
        string(out, "binary_format_major_version");
        uint(out, 5, 2, 2);
        string(out, "binary_format_minor_version");
        uint(out, 5, 0, 2);
        string(out, "build_epoch");
        out.write(8); // extended type: uint64 (9 = 7 + 2), 8 bytes
        out.write(2);
        for (int i = 7; i >= 0; i--) out.write((int) (1_764_288_000L >>> (8 * i)));
        return Files.write(file, out.toByteArray());
    }

    private static void uint24(ByteArrayOutputStream out, int v) {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void map(ByteArrayOutputStream out, int entries) {
        out.write((7 << 5) | entries);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write((2 << 5) | b.length); // shorter than 29 bytes: the size fits the control byte
        out.write(b, 0, b.length);
    }

    private static void uint(ByteArrayOutputStream out, int type, long v, int bytes) {
        out.write((type << 5) | bytes);
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    }
}
