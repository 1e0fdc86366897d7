package dev.adclick.ingest.internal.spool;

import dev.adclick.ingest.SpoolFsync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ClickSpool} and {@link SpoolReader}. */
class ClickSpoolTest {
    @TempDir
    Path dir;

    @Test
    void readsBackInAppendOrder() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.EVERY_WRITE, 1 << 20)) {
            for (int i = 0; i < 1000; i++) assertThat(append(spool, i)).isTrue();
            awaitWritten(spool, 999);
            List<String> read = readAll(spool, -1);
            assertThat(read).hasSize(1000);
            for (int i = 0; i < 1000; i++) assertThat(read.get(i)).isEqualTo("click-" + i);
            assertThat(spool.depth()).isEqualTo(1000);
        }
    }

    @Test
    void eachRecordKeepsItsTopic() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.NEVER, 4096)) {
            for (int i = 0; i < 300; i++) {
                spool.append(i % 3 == 0 ? SpoolTopic.CLICKS : SpoolTopic.IMPRESSIONS, key(i), value(i), () -> { });
            }
            awaitWritten(spool, 299);
        }
        try (ClickSpool reopened = open(SpoolFsync.NEVER, 4096); SpoolReader r = reopened.openReader(-1)) {
            for (int i = 0; i < 300; i++) {
                SpoolRecord rec = r.next();
                assertThat(rec.topic()).as("record %d", i).isEqualTo(i % 3 == 0 ? SpoolTopic.CLICKS : SpoolTopic.IMPRESSIONS);
                assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo("click-" + i);
            }
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void segmentsWrittenBeforeImpressionsAreReadAsClicks() throws Exception {
        List<PreImpressionsSpool.OldRecord> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) old.add(new PreImpressionsSpool.OldRecord(key(i), value(i)));
        PreImpressionsSpool.write(dir, old);
        try (ClickSpool spool = open(SpoolFsync.NEVER, 1 << 20)) {
            assertThat(spool.depth()).isEqualTo(5);
            append(spool, 5); // the upgraded writer continues the sequence in a new segment
            awaitWritten(spool, 5);
            try (SpoolReader r = spool.openReader(-1)) {
                for (int i = 0; i < 6; i++) {
                    SpoolRecord rec = r.next();
                    assertThat(rec.seq()).isEqualTo(i);
                    assertThat(rec.topic()).isEqualTo(SpoolTopic.CLICKS);
                    assertThat(rec.key()).isEqualTo(key(i));
                    assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo("click-" + i);
                }
            }
        }
    }

    @Test
    void acknowledgedSegmentsAreDeletedAndNotReplayed() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.NEVER, 4096)) {
            for (int i = 0; i < 500; i++) {
                append(spool, i);
                if (i % 50 == 49) awaitWritten(spool, i); // several batches, so several segments
            }
            awaitWritten(spool, 499);
            assertThat(segmentFiles()).hasSizeGreaterThan(2);
            spool.acknowledged(299, 300);
            spool.maintain(true);
            assertThat(spool.depth()).isEqualTo(200);
            List<String> rest = readAll(spool, spool.ackedSeq());
            assertThat(rest).hasSize(200).first().isEqualTo("click-300");
        }
        try (ClickSpool reopened = open(SpoolFsync.NEVER, 4096)) {
            assertThat(reopened.depth()).isEqualTo(200);
            assertThat(readAll(reopened, reopened.ackedSeq())).hasSize(200).first().isEqualTo("click-300");
            append(reopened, 500);
            awaitWritten(reopened, 500);
            assertThat(reopened.writtenSeq()).isEqualTo(500);
        }
    }

    @Test
    void tornTailIsTruncatedOnRecovery() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.EVERY_WRITE, 1 << 20)) {
            for (int i = 0; i < 10; i++) append(spool, i);
            awaitWritten(spool, 9);
        }
        Path seg = segmentFiles().get(segmentFiles().size() - 1);
        long intact = Files.size(seg);
        // a crash in the middle of a write: a length header promising more than is there
        Files.write(seg, new byte[] {0, 0, 0, 60, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (ClickSpool spool = open(SpoolFsync.EVERY_WRITE, 1 << 20)) {
            assertThat(Files.size(seg)).isEqualTo(intact);
            assertThat(readAll(spool, -1)).hasSize(10);
            append(spool, 10);
            awaitWritten(spool, 10);
            assertThat(readAll(spool, -1)).hasSize(11).last().isEqualTo("click-10");
        }
    }

    @Test
    void corruptRecordInTheMiddleCutsTheSegmentThere() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.EVERY_WRITE, 1 << 20)) {
            for (int i = 0; i < 10; i++) append(spool, i);
            awaitWritten(spool, 9);
        }
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(seg, bytes);
        try (ClickSpool spool = open(SpoolFsync.EVERY_WRITE, 1 << 20)) {
            List<String> read = readAll(spool, -1);
            assertThat(read).isNotEmpty().hasSizeLessThan(10);
            for (int i = 0; i < read.size(); i++) assertThat(read.get(i)).isEqualTo("click-" + i);
        }
    }

    @Test
    void oneDirectoryServesOneInstance() throws Exception {
        try (ClickSpool spool = open(SpoolFsync.NEVER, 1 << 20)) {
            assertThatThrownBy(() -> open(SpoolFsync.NEVER, 1 << 20)).isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void closeWritesEverythingQueuedAndRefusesMore() throws Exception {
        ClickSpool spool = open(SpoolFsync.INTERVAL, 1 << 20);
        for (int i = 0; i < 2000; i++) append(spool, i);
        spool.close();
        assertThat(append(spool, 1)).isFalse();
        try (ClickSpool reopened = open(SpoolFsync.INTERVAL, 1 << 20)) {
            assertThat(reopened.depth()).isEqualTo(2000);
        }
    }

    // ------------------------------------------------------------------ helpers

    private ClickSpool open(SpoolFsync fsync, long segmentBytes) throws IOException {
        return ClickSpool.open(dir, fsync, Duration.ofMillis(20), segmentBytes, 10_000);
    }

    private static boolean append(ClickSpool spool, int i) {
        return spool.append(SpoolTopic.CLICKS, key(i), value(i), () -> { });
    }

    private static byte[] key(int i) {
        return ("ad-" + (i % 7)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("click-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitWritten(ClickSpool spool, long seq) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (spool.writtenSeq() < seq && System.currentTimeMillis() < deadline) Thread.sleep(2);
        assertThat(spool.writtenSeq()).isGreaterThanOrEqualTo(seq);
    }

    private static List<String> readAll(ClickSpool spool, long after) throws IOException {
        List<String> out = new ArrayList<>();
        try (SpoolReader r = spool.openReader(after)) {
            for (SpoolRecord rec = r.next(); rec != null; rec = r.next()) out.add(new String(rec.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }
}
