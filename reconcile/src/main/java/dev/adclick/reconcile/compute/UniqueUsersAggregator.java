package dev.adclick.reconcile.compute;

import dev.adclick.core.reach.UniqueUsers;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import scala.Tuple2;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * The unique-user sketch of a group of events, as a Spark aggregate over {@code (ip_hash, ua_hash)}:
 * {@link UniqueUsers} itself does the adding and merging, so batch and stream share one definition
 * of a user (the key, the null rule, lgK). Use {@link #function()} in {@code groupBy(…).agg(…)}.
 *
 * <p>Why a typed {@link Aggregator}: Spark keeps its buffer as a live object per group
 * (ObjectHashAggregate, sort-based when a task holds too many groups) and serializes it only
 * between the partial and the final aggregation, so every event costs one sketch update and no raw
 * event leaves its task. Spark's own {@code hll_sketch_agg} is also DataSketches HLL, but it hashes
 * what Spark hands it, so the user key and the null rule would have to be written again in SQL.
 */
public final class UniqueUsersAggregator extends Aggregator<Tuple2<String, String>, UniqueUsersAggregator.Buffer, byte[]> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@code udaf(ip_hash, ua_hash)} → the sketch's bytes ({@link UniqueUsers#toBytes()}). */
    public static UserDefinedFunction function() {
        return functions.udaf(new UniqueUsersAggregator(), Encoders.tuple(Encoders.STRING(), Encoders.STRING())).withName("unique_users");
    }

    /** The aggregation buffer: a live sketch, serialized as its own bytes when Spark moves it. */
    public static final class Buffer implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private transient UniqueUsers users = UniqueUsers.empty();

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            byte[] b = users.toBytes();
            out.writeInt(b.length);
            out.write(b);
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            users = UniqueUsers.fromBytes(b);
        }
    }

    @Override
    public Buffer zero() {
        return new Buffer();
    }

    @Override
    public Buffer reduce(Buffer b, Tuple2<String, String> user) {
        b.users.add(user._1(), user._2());
        return b;
    }

    @Override
    public Buffer merge(Buffer a, Buffer b) {
        a.users.merge(b.users);
        return a;
    }

    @Override
    public byte[] finish(Buffer b) {
        return b.users.toBytes();
    }

    @Override
    public Encoder<Buffer> bufferEncoder() {
        return Encoders.javaSerialization(Buffer.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
