package dev.adclick.reconcile.testing;

import org.apache.spark.sql.SparkSession;

/** One SparkSession (local[2], 4 shuffle partitions) for all tests of the JVM: it starts in ~2.5 s. */
public final class SharedSpark {
    private static SparkSession spark;

    private SharedSpark() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("reconcile-tests")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.files.ignoreCorruptFiles", "false")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop, "stop-shared-spark"));
        }
        return spark;
    }
}
