import dev.adclick.cli.chaos.FaultSchedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chaos soak (issue 14, docs/reliability.md) of the embedded stack ({@link EmbeddedTargets}) or,
 * with {@code --mode cluster}, of the loopback cluster ({@link ClusterTargets}). Steady traffic goes
 * over HTTP (serve, beacon, click, some double clicks) and straight into Kafka (replays, and clicks
 * two hours old that only reconciliation may count; {@link Traffic}) while a seeded schedule (cli's
 * {@link FaultSchedule}, shared with {@code ./adclick demo --chaos}) injects one fault at a time. At
 * the end it drains, reconciles the closed hours and prints what was sent, counted online and
 * counted after reconcile, and what was lost or doubled ({@link Results}).
 *
 * <p>The ground truth is kept on the sending side ({@link Truth}). The click service answers before
 * it spools, so a kill -9 can lose what it answered in its last milliseconds: the table shows that
 * as lost, on purpose.
 *
 * <p>Run through {@code bench/chaos/run.sh}, which compiles these sources; {@code ChaosSoak kafka DIR PORT}
 * is the embedded mode's broker child.
 */
public class ChaosSoak {
    final String mode;
    final int minutes;
    final long seed;
    final int rate;
    final Path work;
    final Map<String, LongAdder> faults = new TreeMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("kafka")) {
            EmbeddedTargets.runBroker(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path work = Path.of(opt.getOrDefault("work", Files.createTempDirectory("adclick-chaos").toString()));
        Path home = Path.of(opt.getOrDefault("home", ".")).toAbsolutePath().normalize();
        String mode = opt.getOrDefault("mode", "embedded");
        long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
        Targets targets = switch (mode) {
            case "embedded" -> new EmbeddedTargets(work, home);
            case "cluster" -> new ClusterTargets(work, home, seed);
            default -> throw new IllegalArgumentException("--mode embedded|cluster, not " + mode);
        };
        try {
            new ChaosSoak(mode, Integer.parseInt(opt.getOrDefault("minutes", "10")), seed, Integer.parseInt(opt.getOrDefault("rate", "100")), work)
                    .run(targets);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the targets are closed by now; the sender threads must not keep a failed soak alive
        }
        System.exit(0); // nor a lingering client thread (Kafka admin, HTTP) a finished one
    }

    ChaosSoak(String mode, int minutes, long seed, int rate, Path work) {
        this.mode = mode;
        this.minutes = minutes;
        this.seed = seed;
        this.rate = rate;
        this.work = work;
    }

    void run(Targets targets) throws Exception {
        Net.say("chaos soak (" + mode + "): " + minutes + " min, seed " + seed + ", " + rate + " page views/s, work " + work);
        try (targets) {
            targets.start();
            Truth truth = new Truth();
            Traffic traffic = new Traffic(seed, rate, targets.ingestUrls(), targets.kafkaBootstrap(), truth);
            long t0 = System.currentTimeMillis();
            traffic.start();
            Thread progress = Net.start("progress", () -> progress(traffic, truth, t0));
            FaultSchedule schedule = new FaultSchedule(seed, targets.kinds(), timing());
            long end = t0 + minutes * 60_000L;
            while (System.currentTimeMillis() < end - 60_000) {
                FaultSchedule.Planned next = schedule.next();
                Net.pause(next.gap().toMillis());
                if (System.currentTimeMillis() >= end - 60_000) break;
                faults.computeIfAbsent(next.fault().id(), k -> new LongAdder()).increment();
                traffic.activeFault.set(next.fault().id());
                Net.say("fault " + next.fault().id() + " (" + next.fault().description() + ") for " + next.hold().toSeconds() + " s");
                long f0 = System.currentTimeMillis();
                targets.inject(next.fault(), next.hold().toMillis());
                traffic.activeFault.set(null);
                Net.say("  whole again after " + (System.currentTimeMillis() - f0) / 1000 + " s");
            }
            Net.pause(Math.max(0, end - System.currentTimeMillis()));
            traffic.stop();
            progress.interrupt();
            long t1 = System.currentTimeMillis();
            Net.say("traffic stopped; draining");
            Results results = new Results(truth, targets.queryUrl(), targets.adminKey());
            Results.Counted online = results.drain(t0, t1);
            Results.Counted reconciled = reconcileClosedHours(targets, results, t0, t1);
            results.report("chaos soak (" + mode + "), " + minutes + " min, seed " + seed + ", " + rate + " page views/s",
                    faults, online, reconciled, traffic, targets.lossNote());
        }
    }

    /** Reconciles every hour the run's events fall in that is closed by now; returns the counts after, or null if none was. */
    Results.Counted reconcileClosedHours(Targets targets, Results results, long t0, long t1) throws Exception {
        int done = 0;
        List<String> skipped = new ArrayList<>();
        for (long h : results.hours(t0, t1)) {
            String hour = Net.hourLabel(h);
            // closed: hour end + allowed lateness (1 min) + checkpoint interval (≤ 10 s) + safety margin (30 s)
            if (h + Net.HOUR + 100_000 > System.currentTimeMillis()) {
                skipped.add(hour);
                continue;
            }
            Path log = work.resolve("reconcile-" + hour + ".log");
            int rc = targets.reconcile(hour, log);
            Net.say("reconcile " + hour + ": exit " + rc + " (log " + log + ")");
            if (rc == 0) done++;
        }
        if (!skipped.isEmpty()) Net.say("hours not closed yet, counted online only: " + skipped);
        return done == 0 ? null : results.counted(t0, t1);
    }

    /** The timing, or CHAOS_TIMING="minGap,maxGap,minHold,maxHold" in seconds (to try every kind in a short run; not for recorded runs). */
    static FaultSchedule.Timing timing() {
        String t = System.getenv("CHAOS_TIMING");
        if (t == null || t.isBlank()) return FaultSchedule.Timing.DEFAULT;
        java.time.Duration[] d = java.util.Arrays.stream(t.split(",")).map(String::trim).map(Long::parseLong).map(java.time.Duration::ofSeconds)
                .toArray(java.time.Duration[]::new);
        Net.say("fault timing from CHAOS_TIMING: gap " + d[0].toSeconds() + "–" + d[1].toSeconds() + " s, hold " + d[2].toSeconds() + "–" + d[3].toSeconds() + " s");
        return new FaultSchedule.Timing(d[0], d[1], d[2], d[3]);
    }

    /** A line every 30 s while the traffic runs: what the senders know was accepted so far. */
    static void progress(Traffic traffic, Truth truth, long t0) {
        while (traffic.sending.get() && !Thread.currentThread().isInterrupted()) {
            Net.pause(30_000);
            if (Thread.currentThread().isInterrupted()) return;
            String fault = traffic.activeFault.get();
            Net.say(String.format("  +%d s: accepted %d clicks (%d 2 h old), %d rendered, %d served; %s", (System.currentTimeMillis() - t0) / 1000,
                    truth.clicks(), truth.lateKafka.sum(), truth.rendered(), truth.served(), fault == null ? "no fault" : "fault " + fault));
        }
    }
}
