package dev.adclick.reconcile.compute;

import org.apache.spark.sql.Observation;

/**
 * Reads a count observed on a scan ({@code Dataset.observe}): the archive's record count comes
 * with the computation's own read of the files instead of a second pass over them (issue 15).
 * Read it only after the action over the observed dataset has succeeded; before, it would wait.
 */
final class ScanMetrics {
    private ScanMetrics() {}

    static long count(Observation observed, String name) {
        try {
            return ((Number) observed.getAsJava().get(name)).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the scan's " + name, e);
        }
    }
}
