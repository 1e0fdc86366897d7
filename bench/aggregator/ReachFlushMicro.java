import dev.adclick.aggregator.functions.HourReachFunction;
import dev.adclick.aggregator.functions.ReachCombiner;
import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import java.time.Duration;
import java.util.Random;

/**
 * Not a test (issue 15, docs/benchmarks.md, Aggregator): the reach combiner + stage in harnesses, the old flush rule
 * (before every watermark) against the new one (before a watermark that closes a buffered hour; every 1 s otherwise),
 * alternating in one JVM. Run after bench/aggregator/run.sh built the classpath:
 * java -cp "aggregator/target/classes:aggregator/target/test-classes:$(cat aggregator/target/bench.classpath)" bench/aggregator/ReachFlushMicro.java
 *
 * Reach combiner + stage in harnesses: 400k rendered impressions on 1000 ads, a watermark every 4000 (a backlog's 200 ms), old flush rule vs new. */
public class ReachFlushMicro {
    public static void main(String[] a) throws Exception {
        for (int r = 0; r < 6; r++) {
            boolean old = r % 2 == 0;
            long t0 = System.nanoTime();
            long bundles = run(old);
            System.out.printf("%s: %d bundles merged, %.0f ms%n", old ? "every watermark flushes" : "closing watermark only ", bundles, (System.nanoTime() - t0) / 1e6);
        }
    }

    static long run(boolean old) throws Exception {
        long lateness = 60_000;
        ReachCombiner c = new ReachCombiner(1_000, 10_000, lateness); // the job: flushed every 1 s of processing time
        long base = 1_796_300_000_000L;
        Random rnd = new Random(1);
        long merged = 0;
        try (var comb = new OneInputStreamOperatorTestHarness<>(c);
             var reach = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new HourReachFunction(Duration.ofMillis(lateness), Duration.ofSeconds(1))), HourReachFunction.adKey(), Types.STRING)) {
            comb.open(); reach.open();
            for (int i = 0; i < 400_000; i++) {
                long ts = base + i * 60_000L / 100_000; // 100k events per event-time minute, as the benchmark
                comb.processElement(new StreamRecord<>(new Impression("i-" + i, "ad-" + rnd.nextInt(1000), ImpressionKind.RENDERED, ts, "home", "ip-" + rnd.nextInt(1_000_000), "ua")));
                if (i % 4000 == 3999) {
                    comb.setProcessingTime((i / 4000 + 1) * 200L); // a watermark every 200 ms
                    if (old) comb.prepareSnapshotPreBarrier(i); // a flush, as the old rule did before every watermark
                    comb.processWatermark(ts - 5000);
                    for (HourUsers u : comb.extractOutputValues()) { reach.processElement(new StreamRecord<>(u, u.getHour())); merged++; }
                    comb.getOutput().clear();
                }
            }
        }
        return merged;
    }
}
