package dev.adclick.cli.chaos;

import java.util.List;

/**
 * The kinds of fault the chaos schedule injects (issue 14, docs/reliability.md). The embedded demo
 * ({@code ./adclick demo --chaos}) injects those that are real inside one process; the soak
 * (bench/chaos) also kills the whole stack process and kills or pauses its ClickHouse store.
 */
public enum Fault {
    REDIS_STOP("Redis stopped"),
    REDIS_PAUSE("Redis paused (CLIENT PAUSE)"),
    KAFKA_STOP("Kafka broker stopped"),
    JOB_KILL("Flink job killed (restarts from its last checkpoint)"),
    SERVICE_RESTART("click service stopped (its spool replays on restart)"),
    STACK_KILL("stack process killed (kill -9)"),
    STORE_KILL("ClickHouse store killed"),
    STORE_PAUSE("ClickHouse store paused (SIGSTOP)");

    /**
     * What the embedded demo injects. No store fault: DuckDB lives in the stack's own process, so
     * stopping it would be stopping the stack (the soak does it with ClickHouse).
     */
    public static final List<Fault> EMBEDDED = List.of(REDIS_STOP, REDIS_PAUSE, KAFKA_STOP, JOB_KILL, SERVICE_RESTART);
    /** What the soak injects on its separate processes. */
    public static final List<Fault> SOAK = List.of(REDIS_STOP, REDIS_PAUSE, KAFKA_STOP, STACK_KILL, STORE_KILL, STORE_PAUSE);

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** For people: the dashboard's "active fault" line and the log of faults. */
    public String description() {
        return description;
    }

    /** For JSON and logs: {@code redis_stop}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
