package dev.adclick.cli.demo;

import dev.adclick.ingest.IngestSettings;
import dev.adclick.cli.Shutdown;
import dev.adclick.cli.StackOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.cli.chaos.ChaosFaults;
import dev.adclick.cli.chaos.ChaosPanel;
import dev.adclick.cli.chaos.FaultSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./adclick demo}: the stack plus simulated users clicking ads. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the whole stack and send realistic demo traffic to it.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @Option(names = "--page-views", defaultValue = "50", description = "Simulated page views per second (default ${DEFAULT-VALUE}).")
    int pageViews;

    @Option(names = "--chaos", description = "Inject faults (Redis, Kafka, the Flink job, the click service) on a seeded schedule and show "
            + "sent / counted / lost / doubled per minute on the dashboard (docs/reliability.md).")
    boolean chaos;

    @Option(names = "--chaos-seed", defaultValue = "42", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
    long chaosSeed;

    @Override
    public Integer call() throws Exception {
        AdclickConfig config = options.load();
        // The generator sends each simulated user's address as X-Forwarded-For from loopback, so
        // loopback must be a trusted proxy in the demo (otherwise every click comes from one address
        // and the fraud rules rightly flag it).
        if (!config.get(IngestSettings.TRUSTED_PROXIES).contains("127.0.0.1")) {
            String proxies = config.isSet(IngestSettings.TRUSTED_PROXIES) ? config.get(IngestSettings.TRUSTED_PROXIES) + ",127.0.0.1" : "127.0.0.1";
            config = config.with(IngestSettings.TRUSTED_PROXIES.key(), proxies);
        }
        // chaos mode shows counts after reconcile too: reconcile each closed hour unless told otherwise
        if (chaos && !config.isSet(Settings.RECONCILE_SCHEDULE)) config = config.with(Settings.RECONCILE_SCHEDULE.key(), "hourly");
        System.out.println("Starting adclick demo, data in " + config.dataDir());
        EmbeddedStack stack = EmbeddedStack.start(config, line -> System.out.println("  started  " + line));
        SentLedger ledger = chaos ? new SentLedger(TrafficGenerator.doubtMillis()) : null;
        TrafficGenerator traffic = new TrafficGenerator(stack.ingestUrl(), pageViews, ledger);
        traffic.start();
        ChaosFaults faults = null;
        ChaosPanel panel = null;
        if (chaos) {
            faults = ChaosFaults.start(stack, chaosSeed, FaultSchedule.Timing.DEFAULT);
            panel = new ChaosPanel(stack.queryUrl(), stack.adminKey(), ledger, faults, stack::reconcileSchedule);
            stack.queryServer().mountAdminJson("chaos", panel);
        }
        ChaosFaults chaosFaults = faults;
        ChaosPanel chaosPanel = panel;
        System.out.println();
        System.out.println("Demo traffic: " + pageViews + " page views/s from 5000 simulated users (beacons blocked on ~13 % of pages, ~1-3 % of ads clicked).");
        System.out.println();
        System.out.println("  Open the dashboard  " + stack.queryUrl() + "/");
        System.out.println("      admin key       " + stack.adminKey());
        System.out.println("      advertiser keys demo-key-acme, demo-key-globex, demo-key-initech");
        System.out.println("  Click an ad yourself " + stack.ingestUrl() + "/ads/serve?placement=home  (open its impression_url, then its click_url)");
        System.out.println("  Metrics             " + stack.ingestUrl() + "/metrics");
        System.out.println("  Flink job metrics   " + stack.flinkMetricsUrl());
        System.out.println();
        if (chaos) {
            System.out.println("  Chaos               faults " + ChaosFaults.kindsFor(stack) + " every 20-60 s, held 5-25 s (seed " + chaosSeed
                    + "); the dashboard's chaos panel shows sent / counted / lost / doubled per minute");
            System.out.println();
        }
        System.out.println("Press Ctrl-C to stop.");

        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    System.out.println("  demo: " + traffic.adsServed() + " ads served, " + traffic.beaconsLoaded() + " beacons loaded, "
                            + traffic.clicksSent() + " clicks sent, " + traffic.errors() + " errors");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-progress");
        progress.setDaemon(true);
        progress.start();
        Shutdown.awaitThenClose(() -> {
            if (chaosPanel != null) chaosPanel.close();
            if (chaosFaults != null) {
                try {
                    chaosFaults.close(); // undoes an active fault first, so the stack stops cleanly
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            traffic.close();
            Shutdown.STOPPED.accept("Demo traffic  (" + traffic.clicksSent() + " clicks sent)");
            stack.close(Shutdown.STOPPED);
        });
        return 0;
    }
}
