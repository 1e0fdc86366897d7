package dev.adclick.reconcile;

import dev.adclick.core.archive.ArchiveSettings;
import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.config.Setting;
import dev.adclick.core.fraud.FraudSettings;
import dev.adclick.core.reconcile.PeriodClosing;
import dev.adclick.core.reconcile.ReconcileSettings;
import dev.adclick.store.StoreSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the reconcile job ({@code --key value}; {@code --help} lists them). Settings the
 * stack shares with the job (archive, store, fraud thresholds, the stream's timing) are defined by
 * their owners in core and store; the defaults here are those of a job started from the project
 * folder next to a running stack.
 */
public final class ReconcileJobSettings {
    private ReconcileJobSettings() {}

    public static final Setting<String> ARCHIVE = ArchiveSettings.ARCHIVE.withDefault("data/archive");
    public static final Setting<String> STORE = StoreSettings.STORE.withDefault("adclick+http://127.0.0.1:8081");
    public static final Setting<String> ADMIN_KEY = ApiKeys.ADMIN_KEY;
    public static final Setting<String> MASTER = Setting.text("reconcile.master", "local[*]",
            "Spark master; ignored when spark-submit already set one.").alsoKnownAs("master");
    public static final Setting<String> REPORTS_DIR = ReconcileSettings.REPORTS_DIR;
    public static final Setting<Duration> DEDUPE_LOOKBACK = Setting.duration("reconcile.dedupe-lookback", "24h", Duration.ZERO,
            "How far before the period to look for an earlier copy of a click_id (0 = don't): a click counts once, in the minute"
                    + " of its earliest event time.").alsoKnownAs("dedupe-lookback");
    public static final Setting<Integer> SHUFFLE_PARTITIONS = Setting.integerOrUnset("reconcile.shuffle-partitions", 1,
            "spark.sql.shuffle.partitions (unset: 4 x cores in local mode, Spark's default otherwise).").alsoKnownAs("shuffle-partitions");
    public static final Setting<String> S3_ENDPOINT = Setting.text("s3.endpoint", null,
            "S3-compatible endpoint for s3a:// archives, e.g. http://127.0.0.1:9000 (path-style, region us-east-1).").alsoKnownAs("s3-endpoint");
    public static final Setting<String> S3_ACCESS_KEY = Setting.text("s3.access-key", null,
            "Access key for s3.endpoint (default: environment AWS_ACCESS_KEY_ID).").alsoKnownAs("s3-access-key");
    public static final Setting<String> S3_SECRET_KEY = Setting.text("s3.secret-key", null,
            "Secret key for s3.endpoint (default: environment AWS_SECRET_ACCESS_KEY).").alsoKnownAs("s3-secret-key");

    /** The period: exactly one of these is given. */
    public static final Setting<String> HOUR = Setting.text("hour", null, "UTC hour to reconcile, e.g. 2026-11-27T10 (this or --date).");
    public static final Setting<String> DATE = Setting.text("date", null, "UTC day to reconcile, e.g. 2026-11-27 (this or --hour).");

    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> l = new ArrayList<>(List.of(HOUR, DATE, ARCHIVE, STORE, ADMIN_KEY, MASTER, REPORTS_DIR));
        l.addAll(FraudSettings.ALL);
        l.addAll(PeriodClosing.SETTINGS);
        l.addAll(List.of(DEDUPE_LOOKBACK, SHUFFLE_PARTITIONS, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY));
        return List.copyOf(l);
    }
}
