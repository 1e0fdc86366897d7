package dev.adclick.reconcile;

import dev.adclick.core.fraud.FraudRules;

/** Every command-line setting of {@link ReconcileJob}: key, default and description ({@code --help} lists them). */
public enum ReconcileOption {
    HOUR("hour", null, "UTC hour to reconcile, e.g. 2026-11-27T10 (this or --date)"),
    DATE("date", null, "UTC day to reconcile, e.g. 2026-11-27 (this or --hour)"),
    ARCHIVE("archive", "data/archive", "archive root: a directory, file:///…, s3a://bucket/prefix; holds dt=YYYY-MM-DD/hour=HH/"),
    STORE("store", "adclick+http://127.0.0.1:8081", "store location: duckdb:/path/file.duckdb, clickhouse:http://host:8123/db,"
            + " or adclick+http://host:port (through the running stack, admin key from ADCLICK_ADMIN_KEY)"),
    ADMIN_KEY("admin-key", null, "admin key for an adclick+http store (default: env ADCLICK_ADMIN_KEY)"),
    MASTER("master", "local[*]", "Spark master; ignored when spark-submit already set one"),
    REPORTS_DIR("reports-dir", "data/reconcile-reports", "where JSON reports are kept (<period>-<timestamp>.json and latest.json)"),
    MAX_PER_IP_PER_AD("max-clicks-per-ip-per-ad", String.valueOf(FraudRules.DEFAULT_MAX_CLICKS_PER_IP_PER_AD), "fraud rule: more clicks than this from one ip_hash on one ad in a minute are suspicious"),
    MAX_PER_IP_ACROSS_ADS("max-clicks-per-ip-across-ads", String.valueOf(FraudRules.DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS), "fraud rule: more clicks than this from one ip_hash across ads in a minute are suspicious"),
    ALLOWED_LATENESS("allowed-lateness", "1m", "the stream's allowed lateness (part of 'closed')"),
    CHECKPOINT_INTERVAL("checkpoint-interval", "30s", "the stream's checkpoint interval: archive files appear on checkpoints (part of 'closed')"),
    SAFETY_MARGIN("safety-margin", "30s", "extra wait after end + lateness + checkpoint interval before a period counts as closed"),
    DEDUPE_LOOKBACK("dedupe-lookback", "24h", "how far before the period to look for an earlier copy of a click_id (0 = don't);"
            + " a click counts once, in the minute of its earliest event time"),
    SHUFFLE_PARTITIONS("shuffle-partitions", null, "spark.sql.shuffle.partitions (default: 4 x cores in local mode, Spark's otherwise)"),
    S3_ENDPOINT("s3-endpoint", null, "S3-compatible endpoint for s3a://, e.g. http://127.0.0.1:9000 (path-style, region us-east-1)"),
    S3_ACCESS_KEY("s3-access-key", null, "access key for --s3-endpoint (default: env AWS_ACCESS_KEY_ID)"),
    S3_SECRET_KEY("s3-secret-key", null, "secret key for --s3-endpoint (default: env AWS_SECRET_ACCESS_KEY)"),
    CONF("conf", null, "extra Spark/Hadoop setting key=value (repeatable), e.g. spark.hadoop.fs.s3a.connection.maximum=64"),
    ALLOW_EMPTY("allow-empty", "false", "flag: a period without archive files is reconciled to zero instead of refused"),
    DRY_RUN("dry-run", "false", "flag: compute and report the corrections but write nothing"),
    QUIET("quiet", "false", "flag: no progress display");

    private final String key;
    private final String defaultValue;
    private final String description;

    ReconcileOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() { return key; }
    /** The default as typed on the command line, or {@code null} if there is none. */
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }
    public boolean isFlag() { return "false".equals(defaultValue); }

    static ReconcileOption byKey(String key) {
        for (ReconcileOption o : values()) if (o.key.equals(key)) return o;
        return null;
    }
}
