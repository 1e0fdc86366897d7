package dev.adclick.reconcile;

import dev.adclick.core.config.SettingValues;
import dev.adclick.core.config.SettingsHelp;
import dev.adclick.core.config.Setting;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudSettings;
import dev.adclick.core.reconcile.Period;
import dev.adclick.core.reconcile.PeriodClosing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.adclick.reconcile.ReconcileJobSettings.*;

/**
 * The settings of one reconciliation run, parsed from {@code --key value} arguments (definitions:
 * {@link ReconcileJobSettings}), plus the run's flags ({@code --dry-run}, …) and extra Spark
 * settings ({@code --conf k=v}, repeatable). Immutable; {@link #with} derives a copy.
 */
public final class ReconcileOptions {
    /** Flags: given without a value. */
    private static final Set<String> FLAGS = Set.of("allow-empty", "dry-run", "quiet");

    private final SettingValues values;
    private final Set<String> flags;
    private final Map<String, String> conf;

    private ReconcileOptions(SettingValues values, Set<String> flags, Map<String, String> conf) {
        this.values = values;
        this.flags = Set.copyOf(flags);
        this.conf = Map.copyOf(conf);
        validate();
    }

    /**
     * Parses command-line arguments.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    public static ReconcileOptions parse(String... args) {
        List<String> rest = new ArrayList<>();
        Set<String> flags = new java.util.HashSet<>();
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'; options look like --hour 2026-11-27T10");
            String key = a.substring(2);
            if (FLAGS.contains(key)) {
                flags.add(key);
            } else if (key.equals("conf") || key.startsWith("conf=")) {
                String v = key.equals("conf") ? (i + 1 < args.length ? args[++i] : "") : key.substring(5);
                int e = v.indexOf('=');
                if (e < 1) throw new IllegalArgumentException("--conf needs key=value, was '" + v + "'");
                conf.put(v.substring(0, e), v.substring(e + 1));
            } else {
                rest.add(a);
                if (!key.contains("=") && i + 1 < args.length) rest.add(args[++i]);
            }
        }
        SettingValues v;
        try {
            v = SettingValues.empty(ReconcileJobSettings.ALL).withArgs(rest.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("Unknown setting '")) {
                String k = m.substring("Unknown setting '".length(), m.indexOf('\'', "Unknown setting '".length()));
                throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
            }
            throw e;
        }
        return new ReconcileOptions(v, flags, conf);
    }

    /** A copy with one more setting ({@code null} removes nothing: settings keep their default). */
    public ReconcileOptions with(Setting<?> setting, String value) {
        return new ReconcileOptions(values.with(setting, value), flags, conf);
    }

    /** A copy with a flag set ({@code allow-empty}, {@code dry-run}, {@code quiet}). */
    public ReconcileOptions withFlag(String flag) {
        if (!FLAGS.contains(flag)) throw new IllegalArgumentException("not a flag: " + flag);
        Set<String> f = new java.util.HashSet<>(flags);
        f.add(flag);
        return new ReconcileOptions(values, f, conf);
    }

    /** Fills unset settings from {@code ADCLICK_*} variables (arguments win). */
    public ReconcileOptions withEnvironment(Map<String, String> env) {
        SettingValues fromEnv = SettingValues.empty(ReconcileJobSettings.ALL).withEnvironment(env);
        SettingValues v = values;
        for (Setting<?> s : ReconcileJobSettings.ALL) {
            if (!v.isGiven(s) && fromEnv.isGiven(s)) v = v.with(s, fromEnv.raw(s));
        }
        return new ReconcileOptions(v, flags, conf);
    }

    private void validate() {
        if (values.isGiven(HOUR) == values.isGiven(DATE)) {
            throw new IllegalArgumentException("give exactly one of --hour YYYY-MM-DDTHH or --date YYYY-MM-DD");
        }
        period();
        fraudRules();
    }

    public Period period() {
        return values.isGiven(HOUR) ? Period.hour(values.get(HOUR)) : Period.day(values.get(DATE));
    }

    public String archive() { return values.get(ARCHIVE); }
    public String store() { return values.get(STORE); }
    public String adminKey() { return values.get(ADMIN_KEY); }
    public String master() { return values.get(MASTER); }
    /** True if the master was given explicitly (it then wins over spark-submit's). */
    public boolean masterGiven() { return values.isGiven(MASTER); }
    public String reportsDir() { return values.get(REPORTS_DIR); }
    public boolean allowEmpty() { return flags.contains("allow-empty"); }
    public boolean dryRun() { return flags.contains("dry-run"); }
    public boolean quiet() { return flags.contains("quiet"); }
    public String s3Endpoint() { return values.get(S3_ENDPOINT); }
    public String s3AccessKey() { return values.get(S3_ACCESS_KEY); }
    public String s3SecretKey() { return values.get(S3_SECRET_KEY); }
    /** Extra {@code --conf key=value} settings, in order. */
    public Map<String, String> conf() { return conf; }
    public FraudRules fraudRules() { return FraudSettings.rules(values); }
    public PeriodClosing closing() { return PeriodClosing.from(values); }
    public Duration allowedLateness() { return closing().allowedLateness(); }
    public Duration dedupeLookback() { return values.get(DEDUPE_LOOKBACK); }
    /** {@code null} means: let {@link SparkSessions} choose. */
    public Integer shufflePartitions() { return values.get(SHUFFLE_PARTITIONS); }

    /** The {@code --help} text. */
    public static String usage() {
        return "Usage: ReconcileJob (--hour YYYY-MM-DDTHH | --date YYYY-MM-DD) [options]\n\n"
                + "Recomputes a closed UTC period from the click archive and writes exact counts to the store.\n\nOptions (--key value):\n"
                + SettingsHelp.describe(ReconcileJobSettings.ALL)
                + "  --conf key=value                   extra Spark/Hadoop setting (repeatable), e.g. spark.hadoop.fs.s3a.connection.maximum=64\n"
                + "  --allow-empty                      a period without archive files has its clicks reconciled to zero instead of refused\n"
                + "                                     (impressions without an impression archive are always kept as stored)\n"
                + "  --dry-run                          compute and report the corrections but write nothing\n"
                + "  --quiet                            no progress display\n"
                + "\nExit codes: 0 stored (or nothing to correct), 1 failure, 2 bad arguments, 3 period not closed,\n"
                + "4 corrupt archive file, 5 no archive data for the period (without --allow-empty).\n";
    }
}
