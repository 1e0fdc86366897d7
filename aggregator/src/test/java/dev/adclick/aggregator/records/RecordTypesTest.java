package dev.adclick.aggregator.records;

import dev.adclick.aggregator.functions.HourSketch;
import dev.adclick.aggregator.functions.MinuteTotals;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests that the records of the hot path are Flink POJOs all the way down (no Kryo fallback). */
class RecordTypesTest {
    @Test
    void recordsAndStateAreFlinkPojosWithoutGenericFields() {
        for (Class<?> type : List.of(CountDelta.class, StoreRecord.class, KafkaClick.class, KafkaImpression.class,
                MinuteTotals.class, HourSketch.class, HourUsers.class, CountKey.class, Counts.class)) {
            assertNoGenericType(TypeInformation.of(type), type.getSimpleName());
        }
    }

    @Test
    void aDeltaConvertsThroughTheSharedCounts() {
        CountDelta d = CountDelta.of(new CountKey("ad", 60_000), Counts.click(true));
        d.add(CountDelta.of(new CountKey("ad", 60_000), new Counts(-1, -1, 1)));
        assertThat(d.counts()).isEqualTo(Counts.suspiciousClick());
    }

    private static void assertNoGenericType(TypeInformation<?> info, String path) {
        assertThat(info).as(path + " must not fall back to Kryo").isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGenericType(pojo.getPojoFieldAt(i).getTypeInformation(), path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        }
    }
}
