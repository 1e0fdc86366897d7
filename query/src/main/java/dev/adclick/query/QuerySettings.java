package dev.adclick.query;

import dev.adclick.core.config.Setting;

import java.util.List;

/** The query service's settings; {@link QueryOptions} takes its defaults from here. */
public final class QuerySettings {
    private QuerySettings() {}

    public static final Setting<String> HOST = Setting.text("query.host", "127.0.0.1", "Address the query API and dashboard listen on.");
    public static final Setting<Integer> PORT = Setting.port("query.port", 8081, "Port of the query API and dashboard.");
    public static final Setting<List<String>> INGEST_METRICS_URLS = Setting.list("ingest.metrics-urls", null,
            "Comma-separated /metrics URLs of the click services, for the dashboard's duplicate and rejected counters."
                    + " Unset in ./adclick run: its own click service.");

    public static final List<Setting<?>> ALL = List.of(HOST, PORT, INGEST_METRICS_URLS);
}
