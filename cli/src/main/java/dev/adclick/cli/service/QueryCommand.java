package dev.adclick.cli.service;

import dev.adclick.query.QuerySettings;
import dev.adclick.cli.Shutdown;
import dev.adclick.cli.StackOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.ServiceOptions;
import dev.adclick.cli.stack.StackSecrets;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./adclick query}: only the query API and dashboard, on an external store (e.g. ClickHouse). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run only the query API and dashboard on the configured store (store=clickhouse:… in a cluster).")
public final class QueryCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        AdclickConfig config = options.load();
        Services.require(config, Settings.STORE, "a DuckDB file belongs to the process of ./adclick run; a separate query service needs a shared store such as ClickHouse");
        ClickStore store = StoreLocations.open(config.get(Settings.STORE));
        QueryServer server = QueryServer.start(ServiceOptions.query(config, StackSecrets.resolve(config), List.of()), store, ServiceOptions.catalog(config));
        System.out.println("Query API listening on http://" + config.get(QuerySettings.HOST) + ":" + server.port()
                + "/api/v1 (store " + config.get(Settings.STORE) + ")");
        Shutdown.awaitThenClose(() -> {
            server.close();
            store.close();
        });
        return 0;
    }
}
