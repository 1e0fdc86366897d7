import dev.adclick.aggregator.BenchTruth;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;

import java.util.List;

/** What the aggregator benchmark's job left behind (bench/aggregator): the store against the generated truth. */
final class BenchState {
    private BenchState() {
    }

    /**
     * Exactness, after the freshness phase moved the watermark hours past the backlog (every backlog
     * minute closed): every (ad, minute) of the backlog in the store equals the generated truth, and
     * so does the duplicates count. Waits for it (the last closing writes are flushed asynchronously).
     */
    static boolean exact(ClickStore store, BenchTruth truth) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> diff;
        long dups;
        PipelineStatus status;
        do {
            diff = truth.differences(store);
            status = store.status(60_000).orElse(null);
            dups = status == null ? -1 : status.duplicates();
            if (diff.isEmpty() && dups == truth.duplicates()) break;
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        boolean ok = diff.isEmpty() && dups == truth.duplicates();
        AggregatorBenchmark.out("exactness: %s; duplicates dropped %,d, truth %,d; too late (archived, not counted online) %,d: %s",
                truth.size(), dups, truth.duplicates(), status == null ? -1 : status.tooLate(),
                ok ? "store = truth per (ad, minute)" : "FAILED RUN, " + diff.size() + " (ad, minute) keys differ, e.g. " + diff.subList(0, Math.min(5, diff.size())));
        return ok;
    }
}
