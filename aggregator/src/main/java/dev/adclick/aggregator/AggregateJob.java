package dev.adclick.aggregator;

import dev.adclick.aggregator.functions.ClickDedupeFunction;
import dev.adclick.aggregator.functions.ClickRouterFunction;
import dev.adclick.aggregator.functions.Counters;
import dev.adclick.aggregator.functions.DeltaCombiner;
import dev.adclick.aggregator.functions.FraudDeltaFunction;
import dev.adclick.aggregator.functions.HourReachFunction;
import dev.adclick.aggregator.functions.ImpressionDedupeFunction;
import dev.adclick.aggregator.functions.ImpressionDeltaFunction;
import dev.adclick.aggregator.functions.ImpressionRouterFunction;
import dev.adclick.aggregator.functions.MessageRouterFunction;
import dev.adclick.aggregator.functions.MinuteCountFunction;
import dev.adclick.aggregator.functions.ReachCombiner;
import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.aggregator.records.KafkaMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.aggregator.source.EventTimestampAssigner;
import dev.adclick.aggregator.source.MessageDeserializationSchema;
import dev.adclick.core.click.Click;
import dev.adclick.core.impression.Impression;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Objects;

/**
 * The {@code aggregate} Flink job (docs/architecture.md, Data flow and Counting semantics), one job for both topics.
 * Kafka {@code clicks} → parse → layer-2 dedupe → fraud rules and lateness → per-ad per-minute counts;
 * Kafka {@code impressions} → parse → layer-2 dedupe (per kind) → lateness → the same per-minute counts
 * (served and rendered columns) and, for rendered ones, per-ad per-hour reach sketches; all with early
 * firings into the click store. Every parsed event also goes to its topic's Parquet archive, rejected
 * messages to their own archive path. This class only wires operators; each function is its own
 * class. Sources and sinks come from outside ({@link #withKafka} gives the real ones), so tests can
 * run the whole job on bounded sources with collecting sinks.
 */
public final class AggregateJob {
    public static final String JOB_NAME = "adclick-aggregate";

    // operator uids: stable, so savepoints and checkpoints map state across versions
    public static final String UID_SOURCE = "kafka-clicks-source";
    public static final String UID_ROUTER = "parse-clicks";
    public static final String UID_DEDUPE = "dedupe-click-id";
    public static final String UID_FRAUD = "fraud-and-lateness";
    public static final String UID_COMBINE = "combine-deltas";
    public static final String UID_COUNT = "minute-counts";
    public static final String UID_STORE_SINK = "click-store-sink";
    public static final String UID_ARCHIVE_CLICKS = "archive-clicks";
    public static final String UID_ARCHIVE_REJECTED = "archive-rejected";
    public static final String UID_ARCHIVE_TOO_LATE = "archive-too-late";
    public static final String UID_IMPRESSION_SOURCE = "kafka-impressions-source";
    public static final String UID_IMPRESSION_ROUTER = "parse-impressions";
    public static final String UID_IMPRESSION_DEDUPE = "dedupe-impression-id";
    public static final String UID_IMPRESSION_DELTAS = "impression-deltas";
    public static final String UID_IMPRESSION_COMBINE = "combine-impression-deltas";
    public static final String UID_REACH_COMBINE = "combine-reach";
    public static final String UID_REACH = "hour-reach";
    public static final String UID_ARCHIVE_IMPRESSIONS = "archive-impressions";
    public static final String UID_ARCHIVE_IMPRESSIONS_REJECTED = "archive-impressions-rejected";
    public static final String UID_ARCHIVE_IMPRESSIONS_TOO_LATE = "archive-impressions-too-late";

    /** The combiner flushes this often: well below the early-firing interval, so freshness is unchanged. */
    static final long COMBINE_FLUSH_MS = 100;
    static final int COMBINE_MAX_BUFFERED = 10_000;
    static final long REACH_FLUSH_MIN_MS = 1_000;

    private final AggregatorOptions options;
    private final Source<KafkaClick, ?, ?> clickSource;
    private final Source<KafkaImpression, ?, ?> impressionSource;
    private final JobSinks sinks;

    /**
     * @param options          the job's settings (only those of operators and checkpoints are used
     *                         when sources and sinks are given)
     * @param clickSource      the messages of the clicks topic, parsed; watermarks are assigned per split here
     * @param impressionSource the messages of the impressions topic, parsed, likewise
     * @param sinks            the store and archives
     */
    public AggregateJob(AggregatorOptions options, Source<KafkaClick, ?, ?> clickSource,
                        Source<KafkaImpression, ?, ?> impressionSource, JobSinks sinks) {
        this.options = Objects.requireNonNull(options, "options");
        this.clickSource = Objects.requireNonNull(clickSource, "clickSource");
        this.impressionSource = Objects.requireNonNull(impressionSource, "impressionSource");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
    }

    /** The production job: the Kafka topics, the click store and the Parquet archives of the options. */
    public static AggregateJob withKafka(AggregatorOptions o) {
        return new AggregateJob(o, kafkaSource(o, o.topic(), MessageDeserializationSchema.clicks()),
                kafkaSource(o, o.impressionsTopic(), MessageDeserializationSchema.impressions()), JobSinks.of(o));
    }

    /** For {@code flink run}: options from {@code --key value} arguments and/or {@code --config file}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(AggregatorOptions.help());
            return;
        }
        withKafka(AggregatorOptions.fromArgs(args)).execute();
    }

    /** Wires the job into the environment of {@code getExecutionEnvironment} and runs it to its end. */
    public JobExecutionResult execute() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(options));
        build(env);
        return env.execute(JOB_NAME);
    }

    /**
     * Checkpointing and state settings of the job: exactly-once, the checkpoint directory always
     * set (dedupe state outgrows the JobManager's memory), retained on cancellation.
     */
    public static Configuration configuration(AggregatorOptions o) {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(StateBackendOptions.STATE_BACKEND, o.stateBackend());
        if (o.stateBackend().equals("rocksdb")) c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Without reuse every record is copied (serializer.copy) on each chained edge: source -> parse -> archive, dedupe ->
        // lateness -> combiner, counts -> sink. Safe here because every operator emits records it made for that emit and
        // keeps none it passed on: the combiners keep their input (DeltaCombiner sums into it), but upstream
        // (FraudDeltaFunction, ImpressionDeltaFunction) makes a new CountDelta per emit and keeps no reference; the
        // sink keeps StoreRecords, made new per firing; the archives convert each record as it arrives.
        c.set(PipelineOptions.OBJECT_REUSE, o.objectReuse());
        // Flink's 100 ms default let each of the four exchanges on a click's way to the store hold it up to 100 ms (a fifth
        // of the p50 at 10k events/s, docs/benchmarks.md, Freshness); in a backlog buffers fill long before 10 ms
        c.set(ExecutionOptions.BUFFER_TIMEOUT, o.bufferTimeout());
        return c;
    }

    /** Wires the job's operators into the environment (and applies {@link #configuration}). */
    public void build(StreamExecutionEnvironment env) {
        AggregatorOptions o = options;
        env.configure(configuration(o));
        if (o.parallelism() > 0) env.setParallelism(o.parallelism());

        DataStream<KafkaClick> messages = env
                .fromSource(clickSource, watermarks(o), "Kafka clicks")
                .uid(UID_SOURCE);

        SingleOutputStreamOperator<Click> clicks = messages
                .process(new ClickRouterFunction())
                .name("Parse clicks").uid(UID_ROUTER);

        SingleOutputStreamOperator<Click> firstClicks = clicks
                .keyBy(Click::getClickId)
                .process(new ClickDedupeFunction(o.dedupeTtl()))
                .name("Dedupe by click_id").uid(UID_DEDUPE);

        SingleOutputStreamOperator<CountDelta> deltas = firstClicks
                .keyBy(FraudDeltaFunction.ipKey())
                .process(new FraudDeltaFunction(o.fraudRules(), o.allowedLateness()))
                .name("Fraud rules and lateness").uid(UID_FRAUD);

        // combined per (ad, minute) before the exchange: far fewer records cross the network
        DataStream<CountDelta> combined = combine(deltas, "Combine deltas", UID_COMBINE);

        Impressions impressions = impressions(env, o);

        SingleOutputStreamOperator<StoreRecord> counts = combined.union(impressions.deltas)
                .keyBy(MinuteCountFunction.adKey())
                .process(new MinuteCountFunction(o.allowedLateness(), o.earlyFiring()))
                .name("Per-minute counts").uid(UID_COUNT);

        counts.union(impressions.reach,
                        counts.getSideOutput(Counters.TAG),
                        clicks.getSideOutput(Counters.TAG),
                        firstClicks.getSideOutput(Counters.TAG),
                        deltas.getSideOutput(Counters.TAG),
                        impressions.counters)
                .sinkTo(sinks.store())
                .name("Click store").uid(UID_STORE_SINK);

        clicks.getSideOutput(ClickRouterFunction.ARCHIVE)
                .sinkTo(sinks.clicks().archive())
                .name("Archive clicks").uid(UID_ARCHIVE_CLICKS);
        clicks.getSideOutput(MessageRouterFunction.REJECTED)
                .sinkTo(sinks.clicks().rejected())
                .name("Archive rejected").uid(UID_ARCHIVE_REJECTED);
        deltas.getSideOutput(FraudDeltaFunction.TOO_LATE)
                .map(KafkaClick::unplaced).name("Too-late clicks").uid("too-late-to-archive")
                .sinkTo(sinks.clicks().tooLate())
                .name("Archive too-late").uid(UID_ARCHIVE_TOO_LATE);
    }

    /** What the impressions' stages give the shared ones: count deltas, reach sketches and counter increments. */
    private record Impressions(DataStream<CountDelta> deltas, DataStream<StoreRecord> reach, DataStream<StoreRecord> counters) {}

    /** The impressions' own stages, and their archives. */
    private Impressions impressions(StreamExecutionEnvironment env, AggregatorOptions o) {
        SingleOutputStreamOperator<Impression> parsed = env
                .fromSource(impressionSource, watermarks(o), "Kafka impressions")
                .uid(UID_IMPRESSION_SOURCE)
                .process(new ImpressionRouterFunction())
                .name("Parse impressions").uid(UID_IMPRESSION_ROUTER);

        SingleOutputStreamOperator<Impression> first = parsed
                .keyBy(Impression::dedupeId)
                .process(new ImpressionDedupeFunction(o.dedupeTtl()))
                .name("Dedupe by impression_id/kind").uid(UID_IMPRESSION_DEDUPE);

        SingleOutputStreamOperator<CountDelta> deltas = first
                .process(new ImpressionDeltaFunction(o.allowedLateness()))
                .name("Impression lateness").uid(UID_IMPRESSION_DELTAS);

        // bundles flushed every early-firing interval, not every 100 ms like the deltas: merging a bundle into an
        // hour's sketch costs a sketch (de)serialization, and reach is read over hours, not seconds
        SingleOutputStreamOperator<StoreRecord> reach = deltas.getSideOutput(ImpressionDeltaFunction.RENDERED)
                .transform("Combine reach", TypeInformation.of(HourUsers.class),
                        new ReachCombiner(reachFlushMs(o), COMBINE_MAX_BUFFERED, o.allowedLateness().toMillis()))
                .uid(UID_REACH_COMBINE)
                .keyBy(HourReachFunction.adKey())
                .process(new HourReachFunction(o.allowedLateness(), o.earlyFiring()))
                .name("Per-hour reach").uid(UID_REACH);

        parsed.getSideOutput(ImpressionRouterFunction.ARCHIVE)
                .sinkTo(sinks.impressions().archive())
                .name("Archive impressions").uid(UID_ARCHIVE_IMPRESSIONS);
        parsed.getSideOutput(MessageRouterFunction.REJECTED)
                .sinkTo(sinks.impressions().rejected())
                .name("Archive rejected impressions").uid(UID_ARCHIVE_IMPRESSIONS_REJECTED);
        deltas.getSideOutput(ImpressionDeltaFunction.TOO_LATE)
                .map(KafkaImpression::unplaced).name("Too-late impressions").uid("impressions-too-late-to-archive")
                .sinkTo(sinks.impressions().tooLate())
                .name("Archive too-late impressions").uid(UID_ARCHIVE_IMPRESSIONS_TOO_LATE);

        DataStream<StoreRecord> counters = parsed.getSideOutput(Counters.TAG)
                .union(first.getSideOutput(Counters.TAG), deltas.getSideOutput(Counters.TAG));
        return new Impressions(combine(deltas, "Combine impression deltas", UID_IMPRESSION_COMBINE), reach, counters);
    }

    /**
     * How often reach bundles are flushed: every early firing, but at least {@link #REACH_FLUSH_MIN_MS} apart (a
     * shorter early firing is for the counts' freshness; each bundle costs the reach stage a sketch merge).
     */
    static long reachFlushMs(AggregatorOptions o) {
        return Math.max(REACH_FLUSH_MIN_MS, o.earlyFiring().toMillis());
    }

    private static DataStream<CountDelta> combine(DataStream<CountDelta> deltas, String name, String uid) {
        return deltas
                .transform(name, TypeInformation.of(CountDelta.class), new DeltaCombiner(COMBINE_FLUSH_MS, COMBINE_MAX_BUFFERED))
                .uid(uid);
    }

    static <M extends KafkaMessage<?>> KafkaSource<M> kafkaSource(AggregatorOptions o, String topic, KafkaRecordDeserializationSchema<M> deserializer) {
        return KafkaSource.<M>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setTopics(topic)
                .setGroupId(o.groupId())
                .setClientIdPrefix(o.groupId() + "-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperties(o.kafkaProperties())
                .build();
    }

    /** Per-partition watermarks (the source generates them per split), idle partitions ignored; the same for both topics. */
    static <M extends KafkaMessage<?>> WatermarkStrategy<M> watermarks(AggregatorOptions o) {
        return WatermarkStrategy.<M>forBoundedOutOfOrderness(o.outOfOrderness())
                .withTimestampAssigner(new EventTimestampAssigner<M>())
                .withIdleness(o.idleTimeout());
    }
}
