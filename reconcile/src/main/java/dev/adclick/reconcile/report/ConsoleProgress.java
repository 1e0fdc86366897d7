package dev.adclick.reconcile.report;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress display for long runs: a SparkListener that counts finished tasks per stage and prints
 * the current step, stage and percentage at most once a second (and when a stage completes).
 */
public final class ConsoleProgress extends SparkListener {
    private final PrintStream out;
    private final Map<Integer, int[]> stages = new ConcurrentHashMap<>(); // stageId -> {done, total}
    private final AtomicInteger stagesDone = new AtomicInteger();
    private volatile String step = "starting";
    private volatile long lastPrint;
    private final long startNanos = System.nanoTime();

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /** Names what the job is doing now (shown with the stage numbers). */
    public void step(String name) {
        step = name;
        out.printf("[reconcile %5.1fs] %s%n", elapsed(), name);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        stages.put(e.stageInfo().stageId(), new int[] {0, e.stageInfo().numTasks()});
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        int[] s = stages.get(e.stageId());
        if (s == null) return;
        synchronized (s) {
            s[0]++;
        }
        long now = System.currentTimeMillis();
        if (now - lastPrint >= 1000) {
            lastPrint = now;
            print(e.stageId(), s);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        int id = e.stageInfo().stageId();
        int[] s = stages.remove(id);
        stagesDone.incrementAndGet();
        if (s != null && s[1] > 1) print(id, new int[] {s[1], s[1]});
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void print(int stageId, int[] s) {
        int pct = s[1] == 0 ? 100 : (int) (100L * s[0] / s[1]);
        out.printf("[reconcile %5.1fs] %s: stage %d, %d/%d tasks (%d%%), %d stages done%n", elapsed(), step, stageId, s[0], s[1], pct, stagesDone.get());
    }
}
