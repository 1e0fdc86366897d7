package dev.adclick.reconcile.diff;

import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ReachDiff}. */
class ReachDiffTest {
    static final long H = 1_764_237_600_000L; // 2025-11-27T10:00Z, a whole hour
    static final long STREAM = WriteVersions.stream(H);
    static final long V = WriteVersions.reconciled(H + 7_200_000);

    /** Users {@code from..to-1}, added in order or backwards. */
    static UniqueUsers users(int from, int to, boolean backwards) {
        UniqueUsers u = UniqueUsers.empty();
        for (int k = from; k < to; k++) {
            int i = backwards ? to - 1 - (k - from) : k;
            u.add("ip-" + i, "ua-" + i);
        }
        return u;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 100, 1000, 5000, 50_000})
    void sameUsersDoesNotDependOnTheOrderTheyWereAdded(int n) {
        assertThat(ReachDiff.sameUsers(users(0, n, false).toBytes(), users(0, n, true).toBytes())).isTrue();
        // and a merged sketch (as Spark builds it) holds the same users as one built in one go
        UniqueUsers merged = users(0, n / 2, false).merge(users(n / 2, n, true));
        assertThat(ReachDiff.sameUsers(merged.toBytes(), users(0, n, true).toBytes())).isTrue();
    }

    @Test
    void theEstimateAloneDependsOnTheOrder() {
        // why sameUsers cannot compare estimates: the in-order (HIP) estimate of the same users differs
        assertThat(users(0, 1000, false).estimate()).isNotEqualTo(users(0, 1000, true).estimate());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 100, 1000, 5000})
    void missingOrDifferentUsersAreNotTheSame(int n) {
        // one user among thousands may leave every register of an HLL sketch as it is: then the
        // sketches are indistinguishable and rightly the same; a percent of the users never is
        int k = Math.max(1, n / 100);
        byte[] all = users(0, n, false).toBytes();
        assertThat(ReachDiff.sameUsers(users(0, n - k, true).toBytes(), all)).isFalse();
        // as many users, some of them others: the union gives it away
        UniqueUsers swapped = users(0, n - k, true).merge(users(n + 1, n + 1 + k, false));
        assertThat(ReachDiff.sameUsers(swapped.toBytes(), all)).isFalse();
        assertThat(ReachDiff.sameUsers(UniqueUsers.empty().toBytes(), all)).isFalse();
        assertThat(ReachDiff.sameUsers(UniqueUsers.empty().toBytes(), UniqueUsers.empty().toBytes())).isTrue();
    }

    @Test
    void writesOnlyCorrectionsWhateverTheStoredVersion() {
        List<HourReach> exact = List.of(
                HourReach.of("a", H, users(0, 10, false), 0),
                HourReach.of("b", H, users(0, 10, false), 0),
                HourReach.of("c", H, users(0, 10, false), 0),
                HourReach.of("d", H, users(0, 10, false), 0),
                HourReach.of("old", H - HourReach.HOUR_MS, users(0, 10, false), 0));
        List<HourReach> stored = List.of(
                HourReach.of("a", H, users(0, 8, false), STREAM),       // users missing → corrected
                HourReach.of("b", H, users(0, 10, true), STREAM),       // same users, stream version → untouched (the period's seal keeps it)
                HourReach.of("c", H, users(0, 10, true), V - 1),        // same users, reconciled → untouched
                HourReach.of("z", H, users(0, 3, false), STREAM),       // no rendered impression in the archive → emptied
                HourReach.of("old", H - HourReach.HOUR_MS, users(0, 1, false), STREAM)); // hour not covered → not looked at
        ReachDiff d = new ReachDiff(exact, stored, hour -> hour == H, V);
        assertThat(d.corrections()).extracting(HourReach::adId).containsExactlyInAnyOrder("a", "d", "z");
        assertThat(d.corrections()).allSatisfy(r -> assertThat(r.version()).isEqualTo(V));
        assertThat(d.corrections()).filteredOn(r -> r.adId().equals("z")).singleElement().satisfies(r -> assertThat(r.users().isEmpty()).isTrue());
        assertThat(d.writes()).containsExactlyElementsOf(d.corrections());
        assertThat(d.rowsInserted()).isEqualTo(1);
        assertThat(d.rowsEmptied()).isEqualTo(1);
        assertThat(d.rowsChecked()).isEqualTo(5);
        assertThat(d.differences().get(0).adId()).isEqualTo("d");
        // the store after the writes: the corrections, and b and c as they were
        List<HourReach> afterWrites = new ArrayList<>(d.writes());
        afterWrites.add(stored.get(1));
        afterWrites.add(stored.get(2));
        assertThat(new ReachDiff(exact, afterWrites, hour -> hour == H, V + 1).writes()).isEmpty();
    }
}
