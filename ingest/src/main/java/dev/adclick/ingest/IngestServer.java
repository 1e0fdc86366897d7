package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.internal.EventPipeline;
import dev.adclick.ingest.internal.IngestHealth;
import dev.adclick.ingest.internal.IngestMetrics;
import dev.adclick.ingest.internal.dedupe.ClickDeduper;
import dev.adclick.ingest.internal.dedupe.RedisClickDeduper;
import dev.adclick.ingest.internal.http.HttpVerticle;
import dev.adclick.ingest.internal.dimension.EventDimensions;
import dev.adclick.ingest.internal.http.IngestContext;
import dev.adclick.ingest.internal.http.TrustedProxies;
import dev.adclick.ingest.internal.publish.KafkaHealthProbe;
import dev.adclick.ingest.internal.publish.KafkaSpoolSender;
import dev.adclick.ingest.internal.spool.ClickSpool;
import dev.adclick.ingest.internal.spool.SegmentFiles;
import dev.adclick.ingest.internal.spool.SpoolTopic;
import dev.adclick.ingest.token.ClickTokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The ingest service: ad serving and the click redirect (docs/architecture.md, Contracts, ingest HTTP) on Vert.x event loops, with
 * layer-1 dedupe on Redis and a write-ahead disk spool in front of Kafka.
 *
 * <p>Delivery guarantee: at-least-once from an answered redirect to the Kafka topic. A click is
 * written to the spool (in the order clicks arrive) right after its 302 and leaves it only when
 * Kafka acknowledged it, so Kafka outages, restarts and {@code kill -9} lose nothing; a click may
 * be published twice around a crash. The one window: a process killed within the ~millisecond
 * between answering a redirect and writing its click loses that click ({@link #close()} drains it).
 */
public final class IngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

    private final IngestOptions opts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> startedInReverse = new ArrayList<>();
    private IngestMetrics metrics;
    private EventDimensions dimensions;
    private ScheduledThreadPoolExecutor timer;
    private ClickSpool spool;
    private Producer<byte[], byte[]> producer;
    private KafkaSpoolSender sender;
    private KafkaHealthProbe probe;
    private ClickDeduper deduper;
    private EventPipeline pipeline;
    private volatile IngestHealth healthReport;
    private ClickTokens tokens;
    private Vertx vertx;
    private String httpDeployment;
    private int port;

    private IngestServer(IngestOptions opts) {
        this.opts = opts;
    }

    /**
     * Starts the service and returns once it listens. Kafka and Redis need not be up: clicks wait
     * in the spool for Kafka, and layer 1 stays open until Redis answers.
     *
     * @throws IllegalStateException if it cannot start (port taken, spool directory unusable or in use, bad Kafka address)
     */
    public static IngestServer start(IngestOptions opts, AdCatalogHolder catalog) {
        return start(opts, catalog, KAFKA_PRODUCERS, SegmentFiles.fileSystem());
    }

    /** The producer of a started server, from its settings. */
    static final Function<Properties, Producer<byte[], byte[]>> KAFKA_PRODUCERS =
            p -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

    /**
     * As {@link #start(IngestOptions, AdCatalogHolder)}, with the Kafka producer made by
     * {@code producers} and the spool's segment files by {@code segmentFiles}: the seams of the
     * failure tests (a failing producer, a full disk).
     */
    static IngestServer start(IngestOptions opts, AdCatalogHolder catalog, Function<Properties, Producer<byte[], byte[]>> producers,
                              SegmentFiles segmentFiles) {
        IngestServer s = new IngestServer(opts);
        try {
            s.doStart(catalog, producers, segmentFiles);
            return s;
        } catch (Exception e) {
            s.close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest did not start: " + e.getMessage(), e);
        }
    }

    private void doStart(AdCatalogHolder catalog, Function<Properties, Producer<byte[], byte[]>> producers, SegmentFiles segmentFiles)
            throws Exception {
        metrics = new IngestMetrics();
        dimensions = EventDimensions.open(opts.geoipDatabase(), metrics.registry()); // first: a bad database file stops the start before anything opens
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ingest-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        try {
            spool = ClickSpool.open(opts.spoolDir(), opts.spoolFsync(), opts.spoolFsyncInterval(), opts.spoolSegmentBytes(), opts.spoolQueueCapacity(),
                    segmentFiles);
        } catch (IOException e) {
            throw new IOException("spoolDir " + opts.spoolDir() + ": " + e.getMessage(), e);
        }
        try {
            producer = producers.apply(producerProperties(opts));
        } catch (KafkaException e) {
            throw new IllegalArgumentException("kafkaBootstrapServers " + opts.kafkaBootstrapServers() + ": " + e.getMessage(), e);
        }
        sender = new KafkaSpoolSender(spool, producer, Map.of(SpoolTopic.CLICKS, opts.topic(), SpoolTopic.IMPRESSIONS, opts.impressionsTopic()),
                opts.maxInFlight(), metrics);
        // "accepted" is counted per record by the pipeline's callbacks, which know clicks from impressions
        spool.setListener(n -> sender.wake());
        metrics.bindSpool(spool::depth, spool::diskBytes, sender::inFlight);
        metrics.bindSender(() -> "up".equals(sender.state()));
        metrics.bindSpoolLoss(spool::lost);
        sender.start();
        probe = new KafkaHealthProbe(opts.kafkaBootstrapServers(), List.of(opts.topic(), opts.impressionsTopic()), timer);
        vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(opts.eventLoops())
                // Linux epoll when Netty's native library loads (it ships in the ingest jar), else NIO.
                // Paired runs of the click benchmark: ~6% less CPU per click, and steadier.
                .setPreferNativeTransport(true)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        if (opts.redisUri() == null) {
            deduper = ClickDeduper.off();
        } else {
            RedisClickDeduper redis = new RedisClickDeduper(opts.redisUri(), opts.dedupeTtl(), opts.redisTimeout(),
                    eventLoops(vertx), vertx.isNativeTransportEnabled(), timer, metrics);
            deduper = redis;
            // Give layer 1 a moment so the first clicks are checked; a Redis that is down does not stop the start.
            if (!redis.awaitConnected(Duration.ofSeconds(2))) LOG.warn("Starting without layer-1 dedupe: Redis at {} does not answer yet", opts.redisUri());
        }
        pipeline = new EventPipeline(deduper, spool, metrics);
        healthReport = new IngestHealth(opts, probe, sender, deduper, spool);
        tokens = new ClickTokens(opts.tokenSecrets(), opts.tokenTtl(), opts.clock());
        IngestContext ctx = new IngestContext(catalog, tokens, new ClickHasher(opts.ipHashSalt()),
                TrustedProxies.parse(opts.trustedProxies()), dimensions, pipeline, metrics, opts.clock(), this::health,
                opts.publicUrl() == null ? "" : opts.publicUrl());

        // One deployment of N instances: Vert.x shares the listening socket between them (round robin).
        // A negative port asks Vert.x for one random port shared by all instances (0 would give each its own).
        int listenPort = opts.port() == 0 ? -1 : opts.port();
        List<HttpVerticle> verticles = new java.util.concurrent.CopyOnWriteArrayList<>();
        httpDeployment = await(vertx.deployVerticle(() -> {
            HttpVerticle v = new HttpVerticle(ctx, opts.host(), listenPort);
            verticles.add(v);
            return v;
        }, new DeploymentOptions().setInstances(opts.eventLoops())));
        Set<Integer> ports = new TreeSet<>();
        for (HttpVerticle v : verticles) ports.add(v.actualPort());
        if (ports.size() != 1) throw new IllegalStateException("HTTP servers bound different ports " + ports);
        port = ports.iterator().next();
        vertx.setPeriodic(opts.catalogReloadInterval().toMillis(),
                id -> vertx.executeBlocking(catalog::reloadIfChanged, false));
        LOG.info("Ingest listening on {}:{} ({} event loops, {} transport); topics {} and {} at {}; spool {} (fsync {}); layer-1 dedupe {}",
                opts.host(), port, opts.eventLoops(), vertx.isNativeTransportEnabled() ? "native" : "NIO", opts.topic(), opts.impressionsTopic(),
                opts.kafkaBootstrapServers(), opts.spoolDir(),
                opts.spoolFsync(), opts.redisUri() == null ? "off" : "on Redis");
        LOG.info("Ingest dimensions: {}", dimensions.describe());
    }

    static Properties producerProperties(IngestOptions opts) {
        long delivery = opts.kafkaDeliveryTimeout().toMillis();
        // 20 ms, not 5: each produce request costs the producer's I/O thread and the broker a fixed amount
        // (request handling, a log append per partition), so fewer, fuller batches cut the CPU per click
        // (broker 5.9 -> 3.1 us per click in the click benchmark; docs/benchmarks.md, Click redirect, issue 15).
        // A click is durable in the spool before it is sent, so this delays its arrival in Kafka by at most
        // 15 ms more and weakens nothing; the redirect never waits for Kafka.
        long linger = 20;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.kafkaBootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "adclick-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1, Math.min(10_000, delivery - linger))));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(opts.kafkaMaxBlock().toMillis()));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.putAll(opts.kafkaProducerProperties());
        return p;
    }

    /** The HTTP port the service listens on. */
    public int port() {
        return port;
    }

    /** The token minter/verifier this server uses (same secrets, TTL and clock). */
    public ClickTokens tokens() {
        return tokens;
    }

    /** The metrics registry behind {@code /metrics}. */
    public PrometheusMeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** The {@code /healthz} document: overall status and the state of kafka, sender, redis and spool. */
    public JsonObject health() {
        IngestHealth h = healthReport;
        return h != null ? h.json() : new JsonObject().put("status", "starting");
    }

    /**
     * Stops taking requests, writes every pending click to the spool, waits up to
     * {@link IngestOptions#shutdownTimeout()} for Kafka to acknowledge the spool, and releases
     * everything. What Kafka has not acknowledged stays in the spool for the next start. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        // HTTP stops first; the event loops stay up until Redis is closed, since its connections live on them.
        if (httpDeployment != null) quietly("HTTP", () -> await(vertx.undeploy(httpDeployment)));
        if (pipeline != null) pipeline.awaitIdle(Duration.ofMillis(Math.max(1_000, opts.redisTimeout().toMillis() * 4)));
        if (deduper != null) quietly("Redis", deduper::close);
        if (vertx != null) quietly("Vert.x", () -> await(vertx.close()));
        if (spool != null) spool.stopWriter(Duration.ofSeconds(10));
        if (sender != null) sender.drainAndStop(opts.shutdownTimeout());
        if (producer != null) quietly("Kafka producer", () -> producer.close(Duration.ofSeconds(2)));
        if (spool != null) {
            long left = spool.depth();
            quietly("spool", spool::close);
            if (left > 0) LOG.warn("{} clicks not yet acknowledged by Kafka stay in spool {} for the next start", left, opts.spoolDir());
        }
        if (probe != null) quietly("Kafka health probe", probe::close);
        if (dimensions != null) quietly("country database", dimensions::close);
        if (timer != null) timer.shutdownNow();
        if (metrics != null) metrics.registry().close();
        LOG.info("Ingest on port {} stopped", port);
    }

    /** Vert.x's event loops, the ones the HTTP verticles run on. */
    private static List<EventLoop> eventLoops(Vertx vertx) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : ((VertxInternal) vertx).nettyEventLoopGroup()) loops.add((EventLoop) e);
        return loops;
    }

    private static void quietly(String what, AutoCloseable step) {
        try {
            step.close();
        } catch (Exception e) {
            LOG.warn("Closing {}: {}", what, e.toString());
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ex ? ex : new IllegalStateException(c);
        }
    }
}
