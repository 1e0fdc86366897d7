import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.cli.chaos.Fault;
import dev.adclick.cli.chaos.FaultSchedule;
import dev.adclick.embedded.ClickHouseServerCommand;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.embedded.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chaos soak of the embedded stack (issue 14, docs/reliability.md): {@code adclick run} in a child
 * JVM pointed at a Kafka broker (its own child JVM), a redis-server and a ClickHouse server that this
 * harness owns, so each can be killed, paused and restarted on its own. Steady traffic goes over HTTP
 * (serve, beacon, click, some double clicks) and straight into Kafka (replays, and clicks two hours
 * old that only reconciliation may count) while a seeded schedule injects one fault at a time. At the
 * end it drains, reconciles the closed hours and prints what was sent, counted online and counted
 * after reconcile, and what was lost or doubled.
 *
 * <p>The ground truth is kept here, on the sending side: a click is owed once its 302 arrived (its
 * impression id; repeats are duplicates), a rendered impression once its GIF arrived, a Kafka click
 * once the broker acknowledged it (re-sent until it did, so the topic may hold copies). The service
 * answers before it spools, so a kill -9 can lose what it answered in its last milliseconds: the
 * table shows that as lost, on purpose.
 *
 * <p>Run through {@code bench/chaos/run.sh}; {@code java … ChaosSoak.java kafka DIR PORT} is the
 * broker child.
 */
public class ChaosSoak {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "chaos-admin-key-0123456789abcdef";
    static final String[] PLACEMENTS = {"home", "article", "sidebar"};
    static final String[] AGENTS = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"};
    static final long HOUR = 3_600_000L;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("kafka")) {
            runBroker(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> opt = options(args);
        new ChaosSoak(Integer.parseInt(opt.getOrDefault("minutes", "10")), Long.parseLong(opt.getOrDefault("seed", "42")),
                Integer.parseInt(opt.getOrDefault("rate", "100")),
                Path.of(opt.getOrDefault("work", Files.createTempDirectory("adclick-chaos").toString())),
                Path.of(opt.getOrDefault("home", "."))).run();
    }

    /** The broker child: runs until killed. */
    static void runBroker(Path dir, int port) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(dir, port).start();
        System.out.println("kafka up " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    final int minutes;
    final long seed;
    /** Page views per second over all browsers (each: a serve, most a beacon, 30 % a click). */
    final int rate;
    final Path work;
    final Path home;
    final int kafkaPort = FreePorts.pick(), redisPort = FreePorts.pick(), chHttp = FreePorts.pick(), chTcp = FreePorts.pick(),
            chInter = FreePorts.pick(), ingestPort = FreePorts.pick(), queryPort = FreePorts.pick();
    // HTTP/1.1: the default h2c upgrade attempt can hang past every timeout when the server dies mid-exchange (seen here)
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    final AtomicBoolean sending = new AtomicBoolean(true);
    final AtomicReference<String> activeFault = new AtomicReference<>(null);
    final Truth truth = new Truth();
    final Map<String, LongAdder> faults = new TreeMap<>();
    final List<Long> latencyDuringFaults = Collections.synchronizedList(new ArrayList<>());
    final List<Long> latencyCalm = Collections.synchronizedList(new ArrayList<>());
    EmbeddedRedis redis;
    Process kafka, clickhouse, stack;

    ChaosSoak(int minutes, long seed, int rate, Path work, Path home) {
        this.minutes = minutes;
        this.seed = seed;
        this.rate = rate;
        this.work = work;
        this.home = home;
    }

    void run() throws Exception {
        say("chaos soak: " + minutes + " min, seed " + seed + ", " + rate + " page views/s, work " + work);
        redis = new EmbeddedRedis(work.resolve("redis"), redisPort).start();
        kafka = startBroker();
        createTopics();
        clickhouse = startClickHouse();
        stack = startStack();
        long t0 = System.currentTimeMillis();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) senders.add(start("http-" + i, new HttpTraffic(i)::run));
        senders.add(start("kafka", this::kafkaTraffic));
        // the one fault schedule (cli's FaultSchedule, shared with ./adclick demo --chaos), with the soak's kinds
        FaultSchedule schedule = new FaultSchedule(seed, Fault.SOAK, FaultSchedule.Timing.DEFAULT);
        long end = t0 + minutes * 60_000L;
        while (System.currentTimeMillis() < end - 60_000) {
            FaultSchedule.Planned next = schedule.next();
            pause(next.gap().toMillis());
            if (System.currentTimeMillis() >= end - 60_000) break;
            inject(next.fault(), next.hold().toMillis());
        }
        pause(Math.max(0, end - System.currentTimeMillis()));
        sending.set(false);
        for (Thread t : senders) t.join();
        long t1 = System.currentTimeMillis();
        say("traffic stopped; draining");
        Counted online = drain(t0, t1);
        Counted reconciled = reconcileClosedHours(t0, t1);
        report(online, reconciled);
        stopAll();
    }

    /** Injects one fault on the separate processes (Redis and Kafka are killed -9 here, not stopped) and undoes it. */
    void inject(Fault f, long hold) throws Exception {
        faults.computeIfAbsent(f.id(), k -> new LongAdder()).increment();
        activeFault.set(f.id());
        say("fault " + f.id() + " (" + f.description() + ") for " + hold / 1000 + " s");
        switch (f) {
            case REDIS_STOP -> {
                killListener(redisPort);
                pause(hold);
                redis.stop();
                redis = new EmbeddedRedis(work.resolve("redis"), redisPort).start();
            }
            case REDIS_PAUSE -> redisCommand("CLIENT", "PAUSE", String.valueOf(hold));
            case KAFKA_STOP -> {
                kafka.destroyForcibly().waitFor();
                pause(hold);
                kafka = startBroker();
            }
            case STACK_KILL -> {
                stack.destroyForcibly().waitFor();
                stack = startStack();
            }
            case STORE_KILL -> {
                clickhouse.destroyForcibly().waitFor();
                pause(hold);
                clickhouse = startClickHouse();
            }
            case STORE_PAUSE -> {
                signal(clickhouse, "STOP");
                pause(hold);
                signal(clickhouse, "CONT");
            }
            default -> throw new IllegalArgumentException(f + " is not a soak fault");
        }
        if (f == Fault.REDIS_PAUSE) pause(hold);
        activeFault.set(null);
    }

    // ---- traffic ----

    /** One simulated browser population: serve, beacon (most), click (some), double click (a few). */
    final class HttpTraffic {
        final Random r;

        HttpTraffic(int i) {
            r = new Random(seed * 31 + i);
        }

        void run() {
            long intervalNanos = 4 * 1_000_000_000L / Math.max(1, rate), next = System.nanoTime();
            while (sending.get()) {
                next += intervalNanos; // paced, so the soak measures faults, not a saturated machine
                long wait = next - System.nanoTime();
                if (wait > 0) pause(wait / 1_000_000);
                else if (wait < -1_000_000_000L) next = System.nanoTime(); // after an outage: carry on at the rate, no burst
                String ip = "81." + r.nextInt(250) + "." + r.nextInt(250) + "." + (1 + r.nextInt(250));
                String ua = AGENTS[r.nextInt(AGENTS.length)];
                try {
                    HttpResponse<String> served = get("/ads/serve?placement=" + PLACEMENTS[r.nextInt(PLACEMENTS.length)], ip, ua);
                    if (served.statusCode() != 200) continue;
                    JsonNode ad = JSON.readTree(served.body());
                    String adId = ad.path("ad_id").asText(), impression = ad.path("impression_id").asText();
                    truth.served.computeIfAbsent(adId, k -> new LongAdder()).increment();
                    if (r.nextInt(100) < 85 && get(ad.path("impression_url").asText(), ip, ua).statusCode() == 200) {
                        truth.rendered(adId, impression);
                    }
                    if (r.nextInt(100) < 30) {
                        for (int n = r.nextInt(100) < 10 ? 2 : 1; n > 0; n--) {
                            long c0 = System.nanoTime();
                            int status;
                            try {
                                status = get(ad.path("click_url").asText(), ip, ua).statusCode();
                            } catch (java.net.ConnectException e) {
                                throw e; // never reached the stack: nothing owed
                            } catch (IOException e) {
                                truth.inDoubt(adId, impression); // sent, but no answer: it may or may not count
                                throw e;
                            }
                            (activeFault.get() == null ? latencyCalm : latencyDuringFaults).add(System.nanoTime() - c0);
                            if (status == 302) truth.clicked(adId, impression);
                        }
                    }
                } catch (IOException e) {
                    pause(200); // the stack is down (a fault): this browser gives up, nothing is owed
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        HttpResponse<String> get(String path, String ip, String ua) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + path)).timeout(Duration.ofSeconds(5))
                    .header("X-Forwarded-For", ip).header("User-Agent", ua).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Clicks produced straight into the topic, each re-sent until the broker acknowledged it (so
     * outages leave copies: a replay the job must not count twice). One in ten is two hours old: too
     * late for the stream, counted by reconciliation of its (closed) hour.
     */
    void kafkaTraffic() {
        Random r = new Random(seed * 7);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer())) {
            for (long i = 0; sending.get(); i++) {
                String ad = "ad-chaos-" + (i % 5);
                boolean late = i % 10 == 9;
                long ts = late ? System.currentTimeMillis() - 2 * HOUR : System.currentTimeMillis();
                String id = "chaos-kafka-" + seed + "-" + i;
                String value = "{\"v\":2,\"click_id\":\"" + id + "\",\"ad_id\":\"" + ad + "\",\"impression_id\":null,\"ts\":" + ts
                        + ",\"ip_hash\":\"k" + (i % 997) + "\",\"ua_hash\":\"u\",\"verified\":false,\"placement\":null,\"country\":\"DE\",\"device\":\"desktop\"}";
                while (true) {
                    try {
                        producer.send(new ProducerRecord<>("clicks", ad, value)).get(30, TimeUnit.SECONDS);
                        break;
                    } catch (Exception e) {
                        pause(500); // not acknowledged: send the same click again (the topic may now hold it twice)
                    }
                }
                truth.kafkaClick(ad, id, ts);
                pause(20);
            }
        }
    }

    /** What the senders know was accepted. */
    static final class Truth {
        final Map<String, Set<String>> clicks = new ConcurrentHashMap<>();
        final Map<String, Set<String>> rendered = new ConcurrentHashMap<>();
        final Map<String, LongAdder> served = new ConcurrentHashMap<>();
        /** Kafka clicks by the UTC hour of their event time, and by ad. */
        final Map<Long, LongAdder> kafkaByHour = new ConcurrentHashMap<>();
        final LongAdder lateKafka = new LongAdder();
        /** Clicks sent whose answer never came (the stack died or hung mid-request): neither owed nor excluded. */
        final Map<String, Set<String>> inDoubt = new ConcurrentHashMap<>();

        void inDoubt(String ad, String impression) {
            inDoubt.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
        }

        /** In-doubt clicks that were not owed anyway (clicked with an answer before or after). */
        long inDoubtClicks() {
            long n = 0;
            for (Map.Entry<String, Set<String>> e : inDoubt.entrySet()) {
                Set<String> owed = clicks.getOrDefault(e.getKey(), Set.of());
                n += e.getValue().stream().filter(i -> !owed.contains(i)).count();
            }
            return n;
        }

        void clicked(String ad, String impression) {
            clicks.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
        }

        void rendered(String ad, String impression) {
            rendered.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(impression);
        }

        void kafkaClick(String ad, String id, long ts) {
            clicks.computeIfAbsent(ad, k -> new ConcurrentSkipListSet<>()).add(id);
            kafkaByHour.computeIfAbsent(Math.floorDiv(ts, HOUR) * HOUR, k -> new LongAdder()).increment();
            if (ts < System.currentTimeMillis() - HOUR) lateKafka.increment();
        }

        long clicks() {
            return clicks.values().stream().mapToLong(Set::size).sum();
        }

        long rendered() {
            return rendered.values().stream().mapToLong(Set::size).sum();
        }

        long served() {
            return served.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    // ---- results ----

    record Counted(long clicks, long rendered, long served) {}

    /** Waits until the counts the query API answers stop changing (the job has caught up), then returns them. */
    Counted drain(long t0, long t1) throws Exception {
        Counted last = null;
        long stableSince = System.currentTimeMillis();
        long deadline = System.currentTimeMillis() + 10 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            Counted now = counted(t0 - 3 * HOUR, t1 + 10 * 60_000);
            if (!now.equals(last)) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 45_000 && System.currentTimeMillis() > t1 + 90_000) {
                return now;
            }
            say("  online: " + now + " (owed " + truth.clicks() + " clicks, " + truth.rendered() + " rendered)");
            pause(5_000);
        }
        return last;
    }

    Counted counted(long from, long to) throws Exception {
        long clicks = 0, rendered = 0, served = 0;
        Set<String> ads = new java.util.TreeSet<>(truth.clicks.keySet());
        ads.addAll(truth.rendered.keySet());
        ads.addAll(truth.served.keySet());
        for (String ad : ads) {
            JsonNode t = query("/api/v1/ads/" + ad + "/totals?from=" + iso(from) + "&to=" + iso(to));
            clicks += t.path("clicks").asLong() + t.path("suspicious_clicks").asLong();
            rendered += t.path("impressions").asLong();
            served += t.path("served_impressions").asLong();
        }
        return new Counted(clicks, rendered, served);
    }

    /** Reconciles every hour the run's events fall in that is closed by now; returns the counts after, or null if none was. */
    Counted reconcileClosedHours(long t0, long t1) throws Exception {
        List<Long> hours = new ArrayList<>(truth.kafkaByHour.keySet());
        for (long h = Math.floorDiv(t0, HOUR) * HOUR; h < t1; h += HOUR) if (!hours.contains(h)) hours.add(h);
        Collections.sort(hours);
        int done = 0;
        for (long h : hours) {
            // closed: hour end + allowed lateness (1 min) + checkpoint interval (10 s) + safety margin (30 s)
            if (h + HOUR + 100_000 > System.currentTimeMillis()) {
                say("hour " + hourLabel(h) + " is not closed yet: counted online only");
                continue;
            }
            Process p = new ProcessBuilder(home.resolve("reconcile/bin/reconcile").toString(), "--hour", hourLabel(h),
                    "--archive", work.resolve("stack/archive").toString(), "--store", "clickhouse:http://127.0.0.1:" + chHttp + "/default")
                    .redirectErrorStream(true).redirectOutput(work.resolve("reconcile-" + hourLabel(h) + ".log").toFile()).start();
            int rc = p.waitFor();
            say("reconcile " + hourLabel(h) + ": exit " + rc + " (log " + work.resolve("reconcile-" + hourLabel(h) + ".log") + ")");
            if (rc == 0) done++;
        }
        return done == 0 ? null : counted(t0 - 3 * HOUR, t1 + 10 * 60_000);
    }

    void report(Counted online, Counted reconciled) {
        long owedClicks = truth.clicks(), owedRendered = truth.rendered();
        System.out.println();
        System.out.println("## chaos soak " + Instant.now() + ", " + minutes + " min, seed " + seed + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("faults injected: " + faults);
        System.out.println("| | clicks | rendered impressions | served impressions |");
        System.out.println("|---|---|---|---|");
        System.out.println("| sent and accepted (owed) | " + owedClicks + " (" + truth.lateKafka.sum() + " of them 2 h old) | "
                + owedRendered + " | " + truth.served() + " |");
        System.out.println("| counted online | " + online.clicks + " | " + online.rendered + " | " + online.served + " |");
        if (reconciled != null) {
            System.out.println("| counted after reconcile | " + reconciled.clicks + " | " + reconciled.rendered + " | " + reconciled.served + " |");
        }
        Counted fin = reconciled == null ? online : reconciled;
        long doubt = truth.inDoubtClicks();
        System.out.println("| in doubt (sent, no answer: may count or not) | " + doubt + " | | |");
        System.out.println("| lost | " + Math.max(0, owedClicks - fin.clicks) + " | " + Math.max(0, owedRendered - fin.rendered) + " | "
                + Math.max(0, truth.served() - fin.served) + " |");
        System.out.println("| doubled | " + Math.max(0, fin.clicks - owedClicks - doubt) + " | " + Math.max(0, fin.rendered - owedRendered) + " | "
                + Math.max(0, fin.served - truth.served()) + " |");
        System.out.println("redirect p99: " + p99(latencyDuringFaults) + " ms during faults (" + latencyDuringFaults.size() + " clicks), "
                + p99(latencyCalm) + " ms otherwise (" + latencyCalm.size() + ")");
        System.out.println("(the click service answers first and spools a few ms later, so a kill -9 of the stack can lose the events "
                + "answered in that window: docs/reliability.md)");
    }

    static String p99(List<Long> nanos) {
        if (nanos.isEmpty()) return "-";
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format("%.1f", s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.99) - 1)) / 1e6);
    }

    // ---- processes ----

    Process startBroker() throws Exception {
        Process p = javaChild(List.of(home.resolve("bench/chaos/ChaosSoak.java").toString(),
                "kafka", work.resolve("kafka").toString(), String.valueOf(kafkaPort)), work.resolve("kafka.log"));
        await("Kafka", () -> portOpen(kafkaPort), Duration.ofSeconds(90));
        return p;
    }

    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
            admin.createTopics(List.of(new NewTopic("clicks", 4, (short) 1), new NewTopic("impressions", 4, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    Process startClickHouse() throws Exception {
        Path dir = work.resolve("clickhouse");
        Path config = ClickHouseServerCommand.write(dir, chHttp, chTcp, chInter, "UTC", "", "");
        List<String> cmd = new ArrayList<>(ClickHouseServerCommand.command());
        cmd.add("--config-file=" + config);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        await("ClickHouse", () -> httpOk("http://127.0.0.1:" + chHttp + "/ping"), Duration.ofSeconds(60));
        return p;
    }

    Process startStack() throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xmx2g", "-Dadclick.home=" + home, "-Dadclick.log.file=" + work.resolve("stack/adclick.log"),
                "dev.adclick.cli.Main", "run"));
        Map<String, String> env = Map.ofEntries(Map.entry("ADCLICK_DATA_DIR", work.resolve("stack").toString()),
                Map.entry("ADCLICK_KAFKA_BOOTSTRAP", "127.0.0.1:" + kafkaPort), Map.entry("ADCLICK_REDIS_URI", "redis://127.0.0.1:" + redisPort),
                Map.entry("ADCLICK_STORE", "clickhouse:http://127.0.0.1:" + chHttp + "/default"),
                Map.entry("ADCLICK_INGEST_PORT", String.valueOf(ingestPort)), Map.entry("ADCLICK_QUERY_PORT", String.valueOf(queryPort)),
                Map.entry("ADCLICK_ADMIN_KEY", ADMIN), Map.entry("ADCLICK_TRUSTED_PROXIES", "127.0.0.1"),
                Map.entry("ADCLICK_FLINK_METRICS_PORT", "0"));
        Process p = javaChild(args, work.resolve("stack.out"), env);
        await("the stack", () -> httpOk("http://127.0.0.1:" + queryPort + "/api/openapi.json") && httpOk("http://127.0.0.1:" + ingestPort + "/healthz"),
                Duration.ofSeconds(180));
        return p;
    }

    Process javaChild(List<String> args, Path out) throws IOException {
        return javaChild(args, out, Map.of());
    }

    Process javaChild(List<String> args, Path out, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(args);
        Files.createDirectories(work);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    void redisCommand(String... words) {
        try (Socket s = new Socket("127.0.0.1", redisPort)) {
            StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
            for (String w : words) resp.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
            OutputStream o = s.getOutputStream();
            o.write(resp.toString().getBytes(StandardCharsets.US_ASCII));
            o.flush();
            s.getInputStream().read(); // the answer, or the connection closing as the server dies
        } catch (IOException e) {
            say("  redis " + words[0] + ": " + e.getMessage());
        }
    }

    /** kill -9 of whatever listens on this port (the redis-server that embedded-redis started). */
    static void killListener(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
        if (!m.find()) throw new IllegalStateException("nothing listens on " + port + ": " + out);
        new ProcessBuilder("kill", "-9", m.group(1)).inheritIO().start().waitFor();
    }

    static void signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).inheritIO().start().waitFor();
    }

    JsonNode query(String path) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + path))
                        .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return JSON.readTree(r.body());
                if (attempt > 30) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
            } catch (IOException e) {
                if (attempt > 30) throw e;
            }
            pause(2_000);
        }
    }

    void stopAll() {
        for (Process p : new Process[] {stack, kafka, clickhouse}) if (p != null) p.destroyForcibly();
        redis.stop();
    }

    // ---- small helpers ----

    interface Check { boolean ok() throws Exception; }

    static void await(String what, Check c, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(what + " did not come up in " + max.toSeconds() + " s");
            pause(250);
        }
    }

    boolean httpOk(String url) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** A request with a hard bound of 10 s however the server fails (closed, stopped, killed mid-answer). */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<T>> f = http.sendAsync(request, body);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IOException("no answer in 10 s: " + request.uri());
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    static String hourLabel(long h) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(h));
    }

    static void say(String s) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + s);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return m;
    }
}
