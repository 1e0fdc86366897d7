package dev.adclick.reconcile;

import dev.adclick.reconcile.report.ConsoleProgress;
import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.store.StackRowsBackend;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.StoreUnavailableException;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the Spark job {@code reconcile}: the same {@code main} runs locally
 * ({@code java -cp … dev.adclick.reconcile.ReconcileJob}), under {@code spark-submit}, and from
 * the {@code ./adclick reconcile} launcher. It only wires options, SparkSession, store and report
 * to {@link Reconciler}.
 *
 * <p>Exit codes: 0 corrections stored (or nothing to correct), 1 failure, 2 bad arguments,
 * 3 period not closed, 4 corrupt archive file, 5 no archive data.
 */
public final class ReconcileJob {
    private ReconcileJob() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err, Clock.systemUTC());
        if (code != 0) System.exit(code);
    }

    /**
     * Runs one reconciliation and returns the exit code. Reuses an active SparkSession (and then
     * leaves it running), otherwise creates one and stops it at the end.
     *
     * @param env environment: {@code ADCLICK_ADMIN_KEY}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(ReconcileOptions.usage());
            return 0;
        }
        ReconcileOptions options;
        try {
            options = withEnvironment(ReconcileOptions.parse(args), env);
        } catch (IllegalArgumentException e) {
            err.println("reconcile: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        ConsoleProgress progress = new ConsoleProgress(options.quiet() ? new PrintStream(PrintStream.nullOutputStream()) : err);
        // the stack's admin API is a store location like any other, with the run's admin key
        StoreLocations.register(new StackRowsBackend(options.adminKey()));
        try (MinuteRows store = StoreLocations.openRows(options.store())) {
            progress.step("starting Spark");
            spark = SparkSessions.create(options);
            progress.step("Spark " + spark.version() + " on " + spark.sparkContext().master());
            spark.sparkContext().addSparkListener(progress);
            ReconcileReport report = new Reconciler(spark, store, options, clock, progress).run();
            Path kept = report.writeTo(Path.of(options.reportsDir()), clock.instant());
            out.print(report.summary());
            out.println("  report: " + kept.toAbsolutePath());
            return 0;
        } catch (ReconcileException e) {
            err.println("reconcile: " + e.getMessage());
            return e.exitCode();
        } catch (StoreUnavailableException e) {
            err.println("reconcile: the store is unavailable, nothing or only part was corrected (run again): " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("reconcile: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("reconcile failed: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        } finally {
            if (spark != null) {
                spark.sparkContext().removeSparkListener(progress);
                if (ownSession) spark.stop();
            }
        }
    }

    /** Fills settings from {@code ADCLICK_*} variables, and the S3 keys from the AWS variables, where no argument gave them. */
    static ReconcileOptions withEnvironment(ReconcileOptions o, Map<String, String> env) {
        o = o.withEnvironment(env);
        if (o.s3Endpoint() != null) {
            if (o.s3AccessKey() == null && env.get("AWS_ACCESS_KEY_ID") != null) o = o.with(ReconcileJobSettings.S3_ACCESS_KEY, env.get("AWS_ACCESS_KEY_ID"));
            if (o.s3SecretKey() == null && env.get("AWS_SECRET_ACCESS_KEY") != null) o = o.with(ReconcileJobSettings.S3_SECRET_KEY, env.get("AWS_SECRET_ACCESS_KEY"));
        }
        return o;
    }
}
