package dev.adclick.cluster.spark;

import dev.adclick.cluster.process.JavaCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation of one hour as a Spark application on the cluster: Spark's own submit entry
 * point ({@code org.apache.spark.deploy.SparkSubmit}, what {@code bin/spark-submit} runs) with the
 * reconcile module's job jar, client deploy mode (the driver is this process; the worker runs the
 * executor). The arguments after the jar are the ones docs/deploy.md gives production; only the
 * addresses differ.
 *
 * @param masterUrl   {@code spark://host:port}
 * @param jobJar      {@code reconcile/target/adclick-reconcile-VERSION-job.jar}
 * @param archive     {@code s3a://bucket/prefix} of the click archive
 * @param store       the sharded ClickHouse store location
 * @param s3Endpoint  the S3-compatible endpoint ({@code --s3.endpoint})
 * @param reportsDir  where the driver writes the JSON reports
 * @param checkpointInterval the stream job's, for the job's "is the hour closed" rule
 */
public record SparkSubmit(SparkHome home, String masterUrl, Path jobJar, String archive, String store, String s3Endpoint,
                          String accessKey, String secretKey, Path reportsDir, String checkpointInterval) {
    public static final String JOB_CLASS = "dev.adclick.reconcile.ReconcileJob";
    /** One executor with both of the worker's cores; small, the loopback cluster shares two cores. */
    static final String EXECUTOR_MEMORY = "512m";
    private static final String DRIVER_HEAP = "640m";

    /** The command line reconciling {@code hour} ({@code YYYY-MM-DDTHH}). */
    public List<String> command(String hour) {
        List<String> submit = new ArrayList<>(List.of(
                "--master", masterUrl, "--deploy-mode", "client", "--class", JOB_CLASS, "--name", "adclick-reconcile " + hour,
                "--executor-memory", EXECUTOR_MEMORY, "--total-executor-cores", String.valueOf(SparkNodes.WORKER_CORES),
                // the driver listens on loopback only (executors connect back to it)
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.extraJavaOptions=-XX:+UseSerialGC"));
        submit.add(jobJar.toString());
        submit.addAll(List.of("--hour", hour, "--archive", archive, "--store", store, "--s3.endpoint", s3Endpoint,
                "--reconcile.shuffle-partitions", "4", "--reconcile.reports-dir", reportsDir.toString(),
                "--checkpoint.interval", checkpointInterval));
        return JavaCommand.of(home.classpath(), "org.apache.spark.deploy.SparkSubmit").heap(DRIVER_HEAP).jvm(home.javaOptions())
                .args(submit.toArray(String[]::new)).build();
    }

    /** Spark's environment plus the S3 keys ({@code --s3.access-key} defaults to {@code AWS_ACCESS_KEY_ID}, kept off the command line). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(home.environment());
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        return env;
    }
}
