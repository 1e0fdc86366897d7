package dev.adclick.reconcile;

import dev.adclick.core.fraud.FraudRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one reconciliation run, parsed from {@code --key value} arguments
 * (see {@link ReconcileOption}). Immutable; {@link #with} derives a copy.
 */
public final class ReconcileOptions {
    private final Map<ReconcileOption, String> values;
    private final Map<String, String> conf;

    private ReconcileOptions(Map<ReconcileOption, String> values, Map<String, String> conf) {
        this.values = values;
        this.conf = conf;
        validate();
    }

    /**
     * Parses command-line arguments.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    public static ReconcileOptions parse(String... args) {
        Map<ReconcileOption, String> values = new EnumMap<>(ReconcileOption.class);
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'; options look like --hour 2026-11-27T10");
            String key = a.substring(2);
            String inline = null;
            int eq = key.indexOf('=');
            if (eq > 0 && !key.startsWith("conf")) {
                inline = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            ReconcileOption o = ReconcileOption.byKey(key);
            if (o == null) throw new IllegalArgumentException("unknown option --" + key + " (see --help)");
            String v;
            if (o.isFlag()) {
                v = inline == null ? "true" : inline;
            } else if (inline != null) {
                v = inline;
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + key + " needs a value");
                v = args[++i];
            }
            if (o == ReconcileOption.CONF) {
                int e = v.indexOf('=');
                if (e < 1) throw new IllegalArgumentException("--conf needs key=value, was '" + v + "'");
                conf.put(v.substring(0, e), v.substring(e + 1));
            } else {
                values.put(o, v);
            }
        }
        return new ReconcileOptions(values, conf);
    }

    /** A copy with one more setting. */
    public ReconcileOptions with(ReconcileOption option, String value) {
        Map<ReconcileOption, String> v = new EnumMap<>(values);
        if (value == null) v.remove(option); else v.put(option, value);
        return new ReconcileOptions(v, conf);
    }

    private void validate() {
        boolean hour = values.containsKey(ReconcileOption.HOUR);
        boolean date = values.containsKey(ReconcileOption.DATE);
        if (hour == date) throw new IllegalArgumentException("give exactly one of --hour YYYY-MM-DDTHH or --date YYYY-MM-DD");
        period();
        fraudRules();
        allowedLateness();
        checkpointInterval();
        safetyMargin();
        dedupeLookback();
        shufflePartitions();
    }

    public String get(ReconcileOption o) {
        return values.getOrDefault(o, o.defaultValue());
    }

    private boolean flag(ReconcileOption o) {
        return Boolean.parseBoolean(get(o));
    }

    public Period period() {
        return values.containsKey(ReconcileOption.HOUR) ? Period.hour(get(ReconcileOption.HOUR)) : Period.day(get(ReconcileOption.DATE));
    }

    public String archive() { return get(ReconcileOption.ARCHIVE); }
    public String store() { return get(ReconcileOption.STORE); }
    public String adminKey() { return get(ReconcileOption.ADMIN_KEY); }
    public String master() { return get(ReconcileOption.MASTER); }
    /** True if --master was given explicitly (it then wins over spark-submit's). */
    public boolean masterGiven() { return values.containsKey(ReconcileOption.MASTER); }
    public String reportsDir() { return get(ReconcileOption.REPORTS_DIR); }
    public boolean allowEmpty() { return flag(ReconcileOption.ALLOW_EMPTY); }
    public boolean dryRun() { return flag(ReconcileOption.DRY_RUN); }
    public boolean quiet() { return flag(ReconcileOption.QUIET); }
    public String s3Endpoint() { return get(ReconcileOption.S3_ENDPOINT); }
    public String s3AccessKey() { return get(ReconcileOption.S3_ACCESS_KEY); }
    public String s3SecretKey() { return get(ReconcileOption.S3_SECRET_KEY); }
    /** Extra {@code --conf key=value} settings, in order. */
    public Map<String, String> conf() { return conf; }

    public FraudRules fraudRules() {
        return new FraudRules(intOf(ReconcileOption.MAX_PER_IP_PER_AD), intOf(ReconcileOption.MAX_PER_IP_ACROSS_ADS));
    }

    public Duration allowedLateness() { return durationOf(ReconcileOption.ALLOWED_LATENESS); }
    public Duration checkpointInterval() { return durationOf(ReconcileOption.CHECKPOINT_INTERVAL); }
    public Duration safetyMargin() { return durationOf(ReconcileOption.SAFETY_MARGIN); }
    public Duration dedupeLookback() { return durationOf(ReconcileOption.DEDUPE_LOOKBACK); }

    /** {@code null} means: let {@link SparkSessions} choose. */
    public Integer shufflePartitions() {
        String v = get(ReconcileOption.SHUFFLE_PARTITIONS);
        if (v == null) return null;
        int n = intOf(ReconcileOption.SHUFFLE_PARTITIONS);
        if (n < 1) throw new IllegalArgumentException("--shuffle-partitions must be >= 1, was " + n);
        return n;
    }

    private int intOf(ReconcileOption o) {
        String v = get(o);
        try {
            return Integer.parseInt(Objects.requireNonNull(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + o.key() + " must be a whole number, was '" + v + "'");
        }
    }

    private Duration durationOf(ReconcileOption o) {
        Duration d = parseDuration(o.key(), get(o));
        if (d.isNegative()) throw new IllegalArgumentException("--" + o.key() + " must be >= 0, was " + get(o));
        return d;
    }

    /** {@code 90s}, {@code 1m}, {@code 24h}, {@code 500ms}, {@code 0}, or ISO-8601 ({@code PT1M}). */
    static Duration parseDuration(String key, String v) {
        String s = Objects.requireNonNull(v, key).trim().toLowerCase();
        try {
            if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(s.toUpperCase());
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("d")) return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.ofMillis(Long.parseLong(s));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " must be a duration like 30s, 1m, 24h or PT1M, was '" + v + "'");
        }
    }

    /** The {@code --help} text. */
    public static String usage() {
        StringBuilder b = new StringBuilder("Usage: ReconcileJob (--hour YYYY-MM-DDTHH | --date YYYY-MM-DD) [options]\n\n"
                + "Recomputes a closed UTC period from the click archive and writes exact counts to the store.\n\nOptions:\n");
        List<ReconcileOption> all = new ArrayList<>(List.of(ReconcileOption.values()));
        for (ReconcileOption o : all) {
            String head = "  --" + o.key() + (o.isFlag() ? "" : " <value>");
            b.append(String.format("%-36s %s", head, o.description()));
            if (o.defaultValue() != null && !o.isFlag()) b.append(" [default: ").append(o.defaultValue()).append(']');
            b.append('\n');
        }
        b.append("\nExit codes: 0 stored (or nothing to correct), 1 failure, 2 bad arguments, 3 period not closed,\n"
                + "4 corrupt archive file, 5 no archive data for the period (without --allow-empty).\n");
        return b.toString();
    }
}
