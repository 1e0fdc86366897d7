package dev.adclick.cli.service;

import dev.adclick.ingest.IngestSettings;
import dev.adclick.cli.Shutdown;
import dev.adclick.cli.StackOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.ServiceOptions;
import dev.adclick.cli.stack.StackSecrets;
import dev.adclick.ingest.IngestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./adclick ingest}: only the click service, against an external Kafka (and Redis). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run only the click service against external Kafka (kafka.bootstrap) and Redis (redis.uri). "
                + "Instances that serve the same ads must share token.secrets and ip.salt.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        AdclickConfig config = options.load();
        Services.require(config, Settings.KAFKA_BOOTSTRAP, "the click service publishes to it");
        IngestServer server = IngestServer.start(ServiceOptions.ingest(config, StackSecrets.resolve(config),
                config.get(Settings.KAFKA_BOOTSTRAP), config.get(IngestSettings.REDIS_URI)), ServiceOptions.catalog(config));
        System.out.println("Click service listening on http://" + config.get(IngestSettings.HOST) + ":" + server.port()
                + " (Kafka " + config.get(Settings.KAFKA_BOOTSTRAP) + ", Redis "
                + (config.isSet(IngestSettings.REDIS_URI) ? config.get(IngestSettings.REDIS_URI) : "off: layer-1 dedupe disabled") + ")");
        Shutdown.awaitThenClose(server);
        return 0;
    }
}
