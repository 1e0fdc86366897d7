package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Waits;
import dev.adclick.cluster.spark.SparkSubmit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The reconcile runs of the cluster test: their JSON reports (written by the Spark driver) and one run by hand. */
final class Reconciliations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reconciliations() {}

    /** Waits for a report of {@code hour} ({@code <hour>-<time>.json}) other than those in {@code seen}; fails early if the scheduler died. */
    static JsonNode awaitReport(Path reportsDir, String hour, List<Path> seen, NodeProcess scheduler, Duration timeout) throws Exception {
        Path[] found = new Path[1];
        Waits.until("a reconcile report of " + hour + " in " + reportsDir + " (scheduler log " + scheduler.log() + ")", timeout,
                scheduler::checkAlive, () -> {
                    found[0] = reports(reportsDir, hour).stream().filter(p -> !seen.contains(p)).findFirst().orElse(null);
                    return found[0] != null;
                });
        return JSON.readTree(found[0].toFile());
    }

    static List<Path> reports(Path reportsDir, String hour) throws Exception {
        if (!Files.isDirectory(reportsDir)) return List.of();
        try (var files = Files.list(reportsDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(hour + "-") && p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Runs {@code submit} for {@code hour} (the scheduler's command, by hand) and returns its report; fails with its output otherwise. */
    static JsonNode runOnce(SparkSubmit submit, String hour, Path log, Duration timeout) throws Exception {
        List<Path> before = reports(submit.reportsDir(), hour);
        ProcessBuilder pb = new ProcessBuilder(submit.command(hour)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(submit.environment());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) throw new AssertionError("spark-submit of " + hour + " still running after " + timeout + "; " + log);
            if (p.exitValue() != 0) throw new AssertionError("spark-submit of " + hour + " exited " + p.exitValue() + ":\n" + tail(log));
        } finally {
            p.destroyForcibly();
        }
        Optional<Path> report = reports(submit.reportsDir(), hour).stream().filter(r -> !before.contains(r)).findFirst();
        return JSON.readTree(report.orElseThrow(() -> new AssertionError("no new report of " + hour + ":\n" + tail(log))).toFile());
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log " + log + ")";
        }
    }
}
