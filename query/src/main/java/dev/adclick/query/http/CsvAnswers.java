package dev.adclick.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.ParsedHeaderValue;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code format=csv} answers of series, breakdown and top (docs/architecture.md, Contracts,
 * query API): {@code text/csv}, a header row, then one line per JSON row with the same fields in
 * the same order, so a CSV and its JSON never disagree. Quoting is RFC 4180 (Jackson's CSV writer:
 * fields holding a comma, quote or line break are quoted, quotes doubled; lines end in CRLF); a
 * null (a CTR without impressions) is an empty field.
 */
public final class CsvAnswers {
    public static final String CONTENT_TYPE = "text/csv";
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");

    /** How an answer is written. */
    public enum Format { JSON, CSV }

    private CsvAnswers() {}

    /**
     * {@code format=json|csv}; without it, CSV when the {@code Accept} header asks for
     * {@code text/csv} before (or without) JSON, JSON otherwise.
     */
    public static Format format(RoutingContext ctx) {
        List<String> raw = ctx.queryParam("format");
        if (!raw.isEmpty()) {
            String f = raw.get(0).trim().toLowerCase(Locale.ROOT);
            if (f.equals("csv")) return Format.CSV;
            if (f.equals("json")) return Format.JSON;
            String shown = raw.get(0).length() <= 20 ? raw.get(0) : raw.get(0).substring(0, 20) + "…";
            throw ApiException.badRequest("'format' must be json or csv, not '" + shown + "'.");
        }
        // Vert.x sorts the parsed Accept values by quality, highest first
        for (ParsedHeaderValue v : ctx.parsedHeaders().accept()) {
            String type = v.value().toLowerCase(Locale.ROOT);
            if (type.startsWith(CONTENT_TYPE)) return Format.CSV;
            if (type.startsWith("application/json")) return Format.JSON;
        }
        return Format.JSON;
    }

    /**
     * Writes rows as CSV.
     *
     * @param header the fields of one JSON row, in order (so an empty answer still has its header)
     * @param rows   the JSON rows of the answer; a field a row lacks is an empty field
     */
    public static void send(RoutingContext ctx, List<String> header, List<JsonObject> rows) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) return;
        r.setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE + "; charset=utf-8; header=present")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(write(header, rows));
    }

    /** The CSV text of rows under a header (RFC 4180, CRLF line ends). */
    public static String write(List<String> header, List<JsonObject> rows) {
        // the header is written as a line of its own, so an empty answer still has it
        List<List<Object>> lines = new ArrayList<>(rows.size() + 1);
        lines.add(new ArrayList<>(header));
        for (JsonObject row : rows) {
            List<Object> line = new ArrayList<>(header.size());
            for (String h : header) line.add(row.getValue(h));
            lines.add(line);
        }
        try {
            return CSV.writer(SCHEMA).writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            // lines of strings and numbers: nothing the writer can refuse
            throw new IllegalStateException("cannot write CSV", e);
        }
    }
}
