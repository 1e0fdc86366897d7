package dev.adclick.aggregator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's Flink configuration carries its settings: the buffer timeout (freshness) without touching exactly-once. */
class JobConfigurationTest {
    @Test
    void bufferTimeoutIsTheJobsTenMillisecondsUnlessSet() {
        Configuration byDefault = AggregateJob.configuration(AggregatorOptions.builder().build());
        // Flink's own default is 100 ms: per exchange, that much of a click's way to the store
        assertThat(byDefault.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(10));
        assertThat(byDefault.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);

        Configuration given = AggregateJob.configuration(AggregatorOptions.builder().set("buffer-timeout", "50ms").build());
        assertThat(given.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(50));
    }
}
