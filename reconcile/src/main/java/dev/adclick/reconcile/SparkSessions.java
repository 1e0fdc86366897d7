package dev.adclick.reconcile;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** Builds the job's SparkSession from {@link ReconcileOptions}: master, shuffle size, s3a and extra settings. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * Gets or creates the session. Under spark-submit the master and deploy settings come from
     * spark-submit; {@code --master} only applies when given explicitly or when none is set.
     */
    public static SparkSession create(ReconcileOptions o) {
        SparkConf conf = new SparkConf().setAppName("adclick-reconcile " + o.period().label());
        if (o.masterGiven() || !conf.contains("spark.master")) conf.setMaster(o.master());
        String master = conf.get("spark.master");
        if (o.shufflePartitions() != null) {
            conf.set("spark.sql.shuffle.partitions", String.valueOf(o.shufflePartitions()));
        } else if (master.startsWith("local")) {
            conf.set("spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
        }
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // A corrupt archive file must fail the run, never be skipped (the counts would silently drop).
        conf.set("spark.sql.files.ignoreCorruptFiles", "false");
        conf.set("spark.sql.files.ignoreMissingFiles", "false");
        conf.setIfMissing("spark.sql.session.timeZone", "UTC");
        if (o.s3Endpoint() != null) {
            s3a(o.s3Endpoint(), o.s3AccessKey(), o.s3SecretKey()).forEach(conf::set);
        }
        o.conf().forEach(conf::set);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        // An existing session (tests, a long-lived driver) ignores new static settings; Hadoop
        // settings still apply to file systems opened from now on.
        for (scala.Tuple2<String, String> kv : conf.getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                spark.sparkContext().hadoopConfiguration().set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return spark;
    }

    /**
     * The s3a settings for an S3-compatible endpoint (MinIO, S3Proxy, Ceph…): path-style access,
     * region us-east-1, SSL as the URL says, simple credentials.
     */
    public static Map<String, String> s3a(String endpoint, String accessKey, String secretKey) {
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException("--s3.endpoint needs --s3.access-key and --s3.secret-key"
                    + " (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)");
        }
        String p = "spark.hadoop.fs.s3a.";
        return Map.of(
                p + "endpoint", endpoint,
                p + "path.style.access", "true",
                p + "endpoint.region", "us-east-1",
                p + "connection.ssl.enabled", String.valueOf(endpoint.startsWith("https:")),
                p + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                p + "access.key", accessKey,
                p + "secret.key", secretKey);
    }
}
