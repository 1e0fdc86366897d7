package dev.adclick.aggregator.records;

import dev.adclick.aggregator.functions.HourSketch;
import dev.adclick.aggregator.functions.IpMinute;
import dev.adclick.aggregator.functions.MinuteTotals;
import dev.adclick.aggregator.functions.RowCounts;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Tests that the records of the hot path are Flink POJOs all the way down (no Kryo fallback). */
class RecordTypesTest {
    @Test
    void recordsAndStateAreFlinkPojosWithoutGenericFields() {
        for (Class<?> type : List.of(CountDelta.class, StoreRecord.class, KafkaClick.class, KafkaImpression.class,
                MinuteTotals.class, RowCounts.class, IpMinute.class, HourSketch.class, HourUsers.class, CountKey.class, Counts.class,
                Dimensions.class)) {
            assertNoGenericType(TypeInformation.of(type), type.getSimpleName());
        }
    }

    @Test
    void aDeltaConvertsThroughTheSharedCounts() {
        CountKey row = new CountKey("ad", 60_000, Dimensions.of("home", "US", "bot"));
        CountDelta d = CountDelta.of(row, Counts.click(true));
        d.add(CountDelta.of(row, new Counts(-1, -1, 1)));
        assertThat(d.counts()).isEqualTo(Counts.suspiciousClick());
        assertThat(d.key()).isEqualTo(row);
    }

    @Test
    void aDeltaIsOfABreakdownRowAndOneWithoutDimensionsIsTheUnknownRow() {
        assertThatThrownBy(() -> CountDelta.of(new CountKey("ad", 60_000), Counts.click(true))).hasMessageContaining("total row");
        CountDelta old = new CountDelta(); // as a delta of a job before dimensions deserializes
        old.setAdId("ad");
        old.setMinute(60_000);
        old.setCounts(new long[] {1, 0, 0, 0, 0});
        assertThat(old.key()).isEqualTo(new CountKey("ad", 60_000, Dimensions.UNKNOWN));
    }

    @Test
    void aUnitsTotalIsTheSumOfItsBreakdownRowsWrittenTogether() {
        Dimensions us = Dimensions.of("home", "US", "desktop");
        StoreRecord unit = StoreRecord.count(new CountKey("ad", 60_000), new Dimensions[] {us, Dimensions.UNKNOWN},
                new Counts[] {new Counts(2, 1, 0), new Counts(0, 0, 1, 3, 2)}, 0);
        assertThat(unit.getCounts()).isEqualTo(new Counts(2, 1, 1, 3, 2));
        assertThat(unit.rowCount()).isEqualTo(3);
        assertThat(unit.toMinuteCounts(7)).extracting(m -> m.key().dims().toString(), MinuteCount::counts, MinuteCount::version).containsExactly(
                tuple("total", new Counts(2, 1, 1, 3, 2), 7L), tuple(us.toString(), new Counts(2, 1, 0), 7L),
                tuple("unknown/unknown/unknown", new Counts(0, 0, 1, 3, 2), 7L));
        assertThatThrownBy(() -> StoreRecord.count(new CountKey("ad", 60_000, us), new Dimensions[0], new Counts[0], 0))
                .hasMessageContaining("total row");
    }

    private static void assertNoGenericType(TypeInformation<?> info, String path) {
        assertThat(info).as(path + " must not fall back to Kryo").isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGenericType(pojo.getPojoFieldAt(i).getTypeInformation(), path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        }
        if (info instanceof ObjectArrayTypeInfo<?, ?> array) assertNoGenericType(array.getComponentInfo(), path + "[]");
    }
}
