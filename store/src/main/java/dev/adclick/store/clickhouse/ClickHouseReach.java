package dev.adclick.store.clickhouse;

import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.StoreUnavailableException;

import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The table {@code ad_reach_hour} of a ClickHouse store: {@code ReplacingMergeTree(version)} like
 * the counts, read with {@code argMax(sketch, version)} so the highest version wins before merges.
 * The sketch travels and is kept as base64 text: {@code JSONEachRow} strings cannot carry
 * arbitrary bytes, and 18.16 has no base64 functions to decode it on the server.
 */
final class ClickHouseReach {
    private final ClickHouseHttp http;
    private final String table;

    ClickHouseReach(ClickHouseHttp http, String database) {
        this.http = http;
        this.table = database + "." + ClickHouseSchema.REACH_TABLE;
    }

    void upsert(Collection<HourReach> rows) throws StoreUnavailableException {
        if (rows.isEmpty()) return;
        for (HourReach r : rows) {
            if (r.hour() < 0 || r.hour() / 1000 > ClickHouseSchema.MAX_DATETIME_SECONDS || r.version() < 0) {
                throw new IllegalArgumentException("reach row outside ClickHouse's DateTime/UInt64 range: " + r);
            }
        }
        byte[] body = JsonEachRow.of(g -> {
            for (HourReach r : rows) {
                g.writeStartObject();
                g.writeStringField("ad_id", r.adId());
                g.writeNumberField("hour", r.hour() / 1000); // epoch seconds: no zone involved
                g.writeStringField("sketch", Base64.getEncoder().encodeToString(r.sketch()));
                g.writeNumberField("version", r.version());
                JsonEachRow.endRow(g);
            }
        });
        http.insert("INSERT INTO " + table + " (ad_id, hour, sketch, version) FORMAT JSONEachRow", body);
    }

    List<HourReach> rows(long from, long to) throws StoreUnavailableException {
        return http.select(latest(hourRange(from, to)) + " ORDER BY ad_id, h",
                n -> new HourReach(n.get("ad_id").asText(), n.get("h").asLong() * 1000,
                        Base64.getDecoder().decode(n.get("sk").asText()), n.get("ver").asLong()));
    }

    UniqueUsers users(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        UniqueUsers users = UniqueUsers.empty();
        if ((adIds != null && adIds.isEmpty()) || to <= from) return users;
        String where = (adIds == null ? "" : "ad_id IN (" + adIds.stream().map(ClickHouseSchema::literal).collect(Collectors.joining(",")) + ") AND ")
                + hourRange(HourReach.hourOf(from), to);
        for (String sketch : http.select(latest(where), n -> n.get("sk").asText())) users.merge(Base64.getDecoder().decode(sketch));
        return users;
    }

    private String latest(String where) {
        return "SELECT ad_id, toUInt32(hour) AS h, argMax(sketch, version) AS sk, max(version) AS ver FROM " + table
                + " WHERE " + where + " GROUP BY ad_id, hour";
    }

    private static String hourRange(long fromMs, long toMs) {
        return "hour >= toDateTime(" + ClickHouseSchema.secondsAtOrAfter(fromMs) + ") AND hour < toDateTime("
                + ClickHouseSchema.secondsAtOrAfter(toMs) + ")";
    }
}
