package dev.adclick.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.core.reconcile.Period;
import dev.adclick.core.reconcile.PeriodClosing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster's answer to "who reconciles a closed hour": a small scheduler process. From a first
 * hour on, it waits until each hour is closed ({@link PeriodClosing}: end + allowed lateness +
 * checkpoint interval + safety margin, the rule the job itself enforces) and then submits that
 * hour's reconciliation to the Spark master ({@link SparkSubmit}), one run at a time, in order.
 * Exit code 0 (stored) and 5 (nothing archived for the hour) move on to the next hour; 3 (the job
 * finds it not closed yet) is tried again on the next tick; any other failure is retried up to
 * {@link #ATTEMPTS} times, then that hour is reported as failed and skipped. A scheduler that was
 * down catches up: every hour from {@code --from} on is run. Each run's output goes to
 * {@code runs/HOUR.log} beside the scheduler's own log.
 *
 * <p>Usage: {@code ReconcileScheduler SUBMIT_JSON} — a file with {@code from} (first hour,
 * {@code YYYY-MM-DDTHH}), {@code every} (tick, e.g. {@code PT10S}), {@code closing}
 * ({@code [lateness, checkpoint interval, margin]}, ISO durations), {@code command} (the
 * {@code SparkSubmit} command line with {@value #HOUR} for the hour) and {@code env}.
 */
public final class ReconcileScheduler {
    /** Replaced by the hour in the submit command. */
    public static final String HOUR = "{hour}";
    static final int ATTEMPTS = 3;
    private static final int NOT_CLOSED = 3;
    private static final int NO_ARCHIVE_DATA = 5;

    /** The run under way, stopped with the scheduler (SIGTERM runs shutdown hooks, not finally blocks). */
    private static volatile Process running;

    private ReconcileScheduler() {}

    /** Writes the scheduler's settings file (see the class comment). */
    public static void writeSettings(Path file, String fromHour, Duration every, PeriodClosing closing, SparkSubmit submit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        var root = json.createObjectNode().put("from", fromHour).put("every", every.toString());
        var c = root.putArray("closing");
        c.add(closing.allowedLateness().toString()).add(closing.checkpointInterval().toString()).add(closing.safetyMargin().toString());
        submit.command(HOUR).forEach(root.putArray("command")::add);
        var env = root.putObject("env");
        submit.environment().forEach(env::put);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReconcileScheduler SUBMIT_JSON");
            System.exit(2);
        }
        Path settings = Path.of(args[0]).toAbsolutePath();
        JsonNode s = new ObjectMapper().readTree(settings.toFile());
        JsonNode c = s.path("closing");
        PeriodClosing closing = new PeriodClosing(Duration.parse(c.get(0).asText()), Duration.parse(c.get(1).asText()), Duration.parse(c.get(2).asText()));
        List<String> command = new ArrayList<>();
        s.path("command").forEach(n -> command.add(n.asText()));
        Map<String, String> env = new ObjectMapper().convertValue(s.path("env"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null) p.destroy();
        }));
        Path runs = Files.createDirectories(settings.getParent().resolve("runs"));
        Duration every = Duration.parse(s.path("every").asText());
        Period next = Period.hour(s.path("from").asText());
        int failures = 0;
        log("reconciling every closed hour from " + next.label() + " (closed " + closing.delay().toSeconds() + " s after its end), checking every "
                + every.toSeconds() + " s");
        while (true) {
            while (!Instant.now().isBefore(next.closedAt(closing))) {
                int code = run(next.label(), command, env, runs.resolve(next.label() + ".log"));
                if (code == 0 || code == NO_ARCHIVE_DATA) {
                    log("reconciled " + next.label() + (code == 0 ? ": stored (see its report)" : ": nothing archived for it") + "; log " + runs.resolve(next.label() + ".log"));
                } else if (code == NOT_CLOSED) {
                    log(next.label() + " is not closed yet for the job; trying again");
                    break;
                } else if (++failures < ATTEMPTS) {
                    log("reconciling " + next.label() + " failed with exit code " + code + " (attempt " + failures + " of " + ATTEMPTS + "); see "
                            + runs.resolve(next.label() + ".log"));
                    break;
                } else {
                    log("FAILED: " + next.label() + " not reconciled after " + ATTEMPTS + " attempts (exit code " + code + "); moving on");
                }
                failures = 0;
                next = Period.containing(next.end(), false);
            }
            Thread.sleep(every.toMillis());
        }
    }

    private static int run(String hour, List<String> template, Map<String, String> env, Path log) throws IOException, InterruptedException {
        List<String> cmd = template.stream().map(a -> a.replace(HOUR, hour)).toList();
        log("submitting the reconciliation of " + hour + " to the Spark master");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        running = p;
        try {
            return p.waitFor();
        } finally {
            running = null;
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
