package dev.adclick.reconcile.diff;

import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import org.apache.datasketches.hll.HllSketch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Compares the exact reach sketches of a period (per ad and UTC hour) with the store's
 * {@code ad_reach_hour} rows, as {@link CountsDiff} does for counts: different users →
 * <em>correction</em> (a missing row is inserted, a stored row without any rendered impression in
 * the archive gets an empty sketch); the same users → left alone, whatever the version: the period's
 * seal keeps the stream from changing them (docs/architecture.md, Write versions), so a second run
 * writes nothing. Hours the impression archive does not cover are not looked at.
 *
 * <p>"The same users" is {@link UniqueUsers#sameUsers} (not the bytes or the estimate, which
 * depend on the order the users were added).
 */
public final class ReachDiff {
    private static final byte[] EMPTY = UniqueUsers.empty().toBytes();

    private final List<HourReach> corrections = new ArrayList<>();
    private final List<Difference> differences = new ArrayList<>();
    private int checked;
    private int inserted;
    private int emptied;

    /** One corrected hour: the estimated users stored and exact. */
    public record Difference(String adId, long hour, long storedUsers, long exactUsers) {
        public long delta() { return exactUsers - storedUsers; }
    }

    /**
     * @param exact       exact sketches (any version; one per key)
     * @param stored      the store's reach rows of the period (one per key)
     * @param coveredHour whether the impression archive covers an hour (epoch ms of its start)
     * @param version     the reconciled version to write
     */
    public ReachDiff(Collection<HourReach> exact, Collection<HourReach> stored, LongPredicate coveredHour, long version) {
        if (!WriteVersions.isReconciled(version)) throw new IllegalArgumentException("not a reconciled version: " + version);
        Map<String, HourReach> storedByKey = new LinkedHashMap<>();
        for (HourReach s : stored) if (coveredHour.test(s.hour())) storedByKey.put(key(s), s);
        for (HourReach e : exact) {
            if (!coveredHour.test(e.hour())) continue;
            checked++;
            HourReach s = storedByKey.remove(key(e));
            if (s == null) {
                if (isEmpty(e.sketch())) continue;
                inserted++;
                correct(null, e, version);
            } else {
                compare(s, e, version);
            }
        }
        for (HourReach s : storedByKey.values()) {
            checked++;
            HourReach none = new HourReach(s.adId(), s.hour(), EMPTY, 0);
            if (!sameUsers(s.sketch(), EMPTY)) emptied++;
            compare(s, none, version);
        }
        differences.sort(Comparator.comparingLong((Difference d) -> Math.abs(d.delta())).reversed()
                .thenComparing(Difference::adId).thenComparingLong(Difference::hour));
    }

    private void compare(HourReach s, HourReach e, long version) {
        if (!sameUsers(s.sketch(), e.sketch())) correct(s, e, version);
    }

    private void correct(HourReach stored, HourReach exact, long version) {
        corrections.add(withVersion(exact, version));
        differences.add(new Difference(exact.adId(), exact.hour(), stored == null ? 0 : stored.estimate(), exact.estimate()));
    }

    /** See {@link UniqueUsers#sameUsers}: the one definition of "the same users". */
    public static boolean sameUsers(byte[] a, byte[] b) {
        return UniqueUsers.sameUsers(a, b);
    }

    private static boolean isEmpty(byte[] sketch) {
        return HllSketch.heapify(sketch).isEmpty();
    }

    private static String key(HourReach r) {
        return r.adId() + '\n' + r.hour();
    }

    private static HourReach withVersion(HourReach r, long version) {
        return new HourReach(r.adId(), r.hour(), r.sketch(), version);
    }

    /** Rows whose users change, with the reconciled version. */
    public List<HourReach> corrections() { return corrections; }
    /** Everything to write: the corrections. */
    public List<HourReach> writes() { return corrections; }
    /** (ad, hour) keys looked at in covered hours. */
    public int rowsChecked() { return checked; }
    public int rowsInserted() { return inserted; }
    /** Stored rows of covered hours without any rendered impression in the archive. */
    public int rowsEmptied() { return emptied; }
    /** Corrections, largest change of estimated users first. */
    public List<Difference> differences() { return differences; }
}
