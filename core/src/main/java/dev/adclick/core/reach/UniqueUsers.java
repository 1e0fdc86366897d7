package dev.adclick.core.reach;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

import java.util.Arrays;
import java.util.Objects;

/**
 * An approximate count of distinct users (reach): an HLL sketch (Apache DataSketches) over
 * {@code ip_hash + ua_hash}, the same definition for the stream, reconciliation and the query API.
 * Sketches of different hours merge into the reach of their union without double counting a user
 * seen in several hours.
 *
 * <p>{@link #LG_K} = 12 keeps a full sketch at 2 KiB (HLL_4, far less while it is sparse) with a
 * relative standard error of about 1.6 %; {@link #lowerBound}/{@link #upperBound} give the
 * sketch's own confidence bounds. Not thread-safe.
 */
public final class UniqueUsers {
    public static final int LG_K = 12;
    /** Relative standard error of an estimate at {@link #LG_K}: 1.04 / sqrt(2^12). */
    public static final double RELATIVE_STANDARD_ERROR = 1.04 / Math.sqrt(1 << LG_K);

    private final Union union;

    private UniqueUsers(Union union) {
        this.union = union;
    }

    public static UniqueUsers empty() {
        return new UniqueUsers(new Union(LG_K));
    }

    /** Reads what {@link #toBytes} wrote. */
    public static UniqueUsers fromBytes(byte[] bytes) {
        UniqueUsers u = empty();
        u.union.update(HllSketch.heapify(Objects.requireNonNull(bytes, "bytes")));
        return u;
    }

    /** One user seen; an event without either hash carries no user and is ignored. */
    public void add(String ipHash, String uaHash) {
        if (ipHash == null && uaHash == null) return;
        union.update(key(ipHash, uaHash));
    }

    /** The user key: both hashes, separated so that ("ab","c") and ("a","bc") differ. */
    public static String key(String ipHash, String uaHash) {
        return (ipHash == null ? "" : ipHash) + '|' + (uaHash == null ? "" : uaHash);
    }

    /** Adds every user of {@code other} (this becomes the union). */
    public UniqueUsers merge(UniqueUsers other) {
        union.update(other.union.getResult(TgtHllType.HLL_8));
        return this;
    }

    /** Adds the users of a serialized sketch. */
    public UniqueUsers merge(byte[] sketch) {
        union.update(HllSketch.heapify(sketch));
        return this;
    }

    public boolean isEmpty() {
        return union.isEmpty();
    }

    /** The estimated number of distinct users, rounded. */
    public long estimate() {
        return Math.round(union.getEstimate());
    }

    /** @param standardDeviations 1, 2 or 3 */
    public long lowerBound(int standardDeviations) {
        return (long) Math.floor(union.getLowerBound(standardDeviations));
    }

    /** @param standardDeviations 1, 2 or 3 */
    public long upperBound(int standardDeviations) {
        return (long) Math.ceil(union.getUpperBound(standardDeviations));
    }

    /**
     * Whether two serialized sketches hold the same users, as far as a sketch can tell: equal bytes,
     * or equal composite estimates, each also that of their union (a user in one only would raise
     * the union's). Neither the bytes nor {@link #estimate()} alone can say it: both depend on the
     * order the users were added (list order, and the HIP estimator of a sketch only ever updated
     * in order), so the stream's sketch of exactly the archive's users would look different.
     */
    public static boolean sameUsers(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) return true;
        HllSketch x = HllSketch.heapify(a);
        HllSketch y = HllSketch.heapify(b);
        if (x.isEmpty() || y.isEmpty()) return x.isEmpty() && y.isEmpty();
        double ex = x.getCompositeEstimate();
        if (ex != y.getCompositeEstimate()) return false;
        Union u = new Union(LG_K);
        u.update(x);
        u.update(y);
        return u.getCompositeEstimate() == ex;
    }

    /** A compact serialization (HLL_4), what the stores keep. */
    public byte[] toBytes() {
        return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
    }
}
