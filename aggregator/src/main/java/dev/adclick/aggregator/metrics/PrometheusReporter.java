package dev.adclick.aggregator.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration of the Prometheus reporter every deployment of the job uses: the
 * MiniCluster of the embedded stack ({@code LocalAggregator}) and each process of the loopback
 * cluster ({@code cluster/…/FlinkConfig}). Plain strings that load no Flink class, so the cluster's
 * launcher builds its {@code config.yaml} from them.
 *
 * <p>The reporter ({@code org.apache.flink:flink-metrics-prometheus}) serves every metric of the
 * process on {@code http://host:port/metrics} (any path). It names a metric by its logical scope
 * ({@code flink_jobmanager_job_…}, {@code flink_taskmanager_job_task_operator_…}) plus its name, so
 * {@code metrics.scope.*} formats do not change Prometheus names; the scope's variables become
 * labels. Flink 2.x loads reporter factories from {@code plugins/} and from the classpath alike.
 */
public final class PrometheusReporter {
    /** The reporter's name in {@code metrics.reporter.<name>.*}. */
    public static final String NAME = "prom";
    public static final String PREFIX = "metrics.reporter." + NAME + ".";
    public static final String FACTORY_KEY = PREFIX + "factory.class";
    public static final String FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    /** A port or a range ({@code 9250-9260}: the first free one); 9249 is Prometheus' registered default for Flink. */
    public static final String PORT_KEY = PREFIX + "port";
    public static final int DEFAULT_PORT = 9249;
    /**
     * Labels left out: each changes on every restart or submission (a new attempt, a new
     * TaskManager or job id), which would start a new series and break {@code rate()} and
     * {@code increase()} across a failover. {@code job_name}, {@code task_name},
     * {@code operator_name} and {@code subtask_index} stay; Prometheus adds {@code instance}.
     */
    public static final String EXCLUDED_VARIABLES = "job_id;task_attempt_id;task_attempt_num;tm_id";
    /**
     * Job status metrics: {@code <state>State} (1 while the job is in that state, e.g.
     * {@code runningState}) beside Flink's default {@code <state>Time}, so "not running" is a plain
     * comparison in an alert.
     */
    public static final String JOB_STATUS_METRICS_KEY = "metrics.job.status.enable";
    public static final String JOB_STATUS_METRICS = "STATE;CURRENT_TIME";

    private PrometheusReporter() {}

    /** The reporter's settings without a port (a cluster gives each process its own, see {@link #port}). */
    public static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FACTORY_KEY, FACTORY);
        m.put(PREFIX + "scope.variables.excludes", EXCLUDED_VARIABLES);
        m.put(JOB_STATUS_METRICS_KEY, JOB_STATUS_METRICS);
        return m;
    }

    /** The reporter's settings listening on {@code port}. */
    public static Map<String, String> settings(int port) {
        Map<String, String> m = settings();
        m.putAll(port(port));
        return m;
    }

    /** The port setting alone. */
    public static Map<String, String> port(int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("metrics port must be 1-65535, was " + port);
        return Map.of(PORT_KEY, String.valueOf(port));
    }

    /** Where Prometheus scrapes a process whose reporter listens on {@code port} (loopback). */
    public static String url(int port) {
        return "http://127.0.0.1:" + port + "/metrics";
    }
}
