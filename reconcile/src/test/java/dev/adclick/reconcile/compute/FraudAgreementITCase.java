package dev.adclick.reconcile.compute;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudScenarios;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link ExactCounts} (Spark) agrees with the rules' reference semantics over every rule
 * of {@link FraudRules#defaults()}: the same scenarios the stream's {@code FraudAgreementTest} runs.
 */
class FraudAgreementITCase {
    @TempDir Path dir;

    @Test
    void batchCountsWhatTheReferenceSaysForEveryDefaultRule() throws IOException {
        assertAgreement(FraudRules.defaults(), dir.resolve("defaults"));
    }

    @Test
    void batchAppliesPerClickRulesAsTheReferenceDoes() throws IOException {
        assertAgreement(FraudScenarios.defaultsWithAClickRule(), dir.resolve("click-rule"));
    }

    private static void assertAgreement(FraudRules rules, Path dir) throws IOException {
        FraudScenarios.Scenario s = FraudScenarios.around(rules, 1);
        ArchiveFixture.write(SharedSpark.get(), dir.toString(), s.clicks());
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.map(Path::toString).filter(p -> p.endsWith(".parquet")).toList();
        }
        Instant from = Instant.ofEpochMilli(FraudScenarios.MINUTE_0);
        ExactCounts.Result result = new ExactCounts(SharedSpark.get(), rules)
                .compute(files, List.of(), from, from.plusSeconds(3600), from);

        Map<CountKey, Counts> got = new HashMap<>();
        for (MinuteCount m : result.rows()) got.put(m.key(), m.counts());
        // total rows as the shared scenarios expect them, and with them every breakdown row of the reference
        assertThat(got).containsAllEntriesOf(FraudScenarios.expected(rules, s.clicks()));
        assertThat(got).isEqualTo(rules.rowsOf(s.clicks()));
        assertThat(result.suspiciousClicks()).as("every rule's over-threshold group is flagged").isGreaterThanOrEqualTo(s.flagged().size());
    }
}
