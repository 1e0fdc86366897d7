package dev.adclick.core.reach;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link UniqueUsers}: within the sketch's stated error, mergeable, serializable. */
class UniqueUsersTest {
    @Test
    void smallCountsAreExact() {
        UniqueUsers u = UniqueUsers.empty();
        for (int i = 0; i < 100; i++) u.add("ip" + (i % 40), "ua");
        u.add(null, null);
        assertThat(u.estimate()).isEqualTo(40);
    }

    @Test
    void aHundredThousandUsersWithinTheStatedError() {
        int users = 150_000;
        UniqueUsers u = UniqueUsers.empty();
        for (int i = 0; i < users; i++) {
            u.add("ip-" + (i % 50_000), "ua-" + (i / 50_000)); // 3 user agents behind each address
            u.add("ip-" + (i % 50_000), "ua-" + (i / 50_000)); // seen twice: counted once
        }
        assertThat(u.lowerBound(3)).isLessThanOrEqualTo(users);
        assertThat(u.upperBound(3)).isGreaterThanOrEqualTo(users);
        assertThat(Math.abs(u.estimate() - users) / (double) users).isLessThan(3 * UniqueUsers.RELATIVE_STANDARD_ERROR);
    }

    @Test
    void hoursMergeWithoutCountingAUserTwice() {
        UniqueUsers h1 = UniqueUsers.empty();
        UniqueUsers h2 = UniqueUsers.empty();
        for (int i = 0; i < 30_000; i++) h1.add("ip-" + i, "ua");
        for (int i = 20_000; i < 50_000; i++) h2.add("ip-" + i, "ua");
        UniqueUsers both = UniqueUsers.fromBytes(h1.toBytes()).merge(h2.toBytes());
        assertThat(Math.abs(both.estimate() - 50_000) / 50_000.0).isLessThan(3 * UniqueUsers.RELATIVE_STANDARD_ERROR);
        assertThat(UniqueUsers.fromBytes(h1.toBytes()).estimate()).isEqualTo(h1.estimate());
    }

    @Test
    void keysKeepTheHashesApart() {
        assertThat(UniqueUsers.key("ab", "c")).isNotEqualTo(UniqueUsers.key("a", "bc"));
    }
}
