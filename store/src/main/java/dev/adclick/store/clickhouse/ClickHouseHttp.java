package dev.adclick.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.adclick.store.StoreUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The whole boundary to ClickHouse: SQL over its HTTP interface, JSONEachRow in and out.
 *
 * <p>Why not the official Java client (or JDBC driver): the only server this project can install
 * from its package sources is Debian's {@code clickhouse-server} 18.16, and the official clients
 * do not fully work against a server that old (docs/architecture.md, Libraries and facts). The HTTP interface with
 * {@code JSONEachRow} behaves the same on 18.16 and on current releases. Everything
 * vendor-protocol-specific stays in this one class, so switching to an official client later
 * means rewriting it alone.
 *
 * <p>Every failure — connect error, timeout, interrupt, a non-200 answer — becomes a
 * {@link StoreUnavailableException} carrying ClickHouse's own message. Nothing is retried here:
 * callers retry whole operations, which is safe because writes are versioned absolute values.
 * Requests carry {@code wait_end_of_query=1}, so the server buffers the answer and an error in
 * the middle of a query still arrives as an error status instead of a truncated 200.
 */
final class ClickHouseHttp {
    private static final ObjectReader ROWS = new ObjectMapper().readerFor(JsonNode.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_CHARS = 2000;

    private final HttpClient client;
    private final URI endpoint;
    private final String authorization;
    private final Duration requestTimeout;
    private final String settings;

    ClickHouseHttp(ClickHouseLocation location) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
        this.endpoint = location.endpoint();
        this.requestTimeout = location.requestTimeout();
        // Through a Distributed table an INSERT returns only once every shard has stored its
        // rows: a read right after sees them, and a shard that is down fails the insert (the
        // caller retries) instead of leaving rows queued on this server's disk.
        this.settings = location.sharded() ? "&insert_distributed_sync=1" : "";
        this.authorization = location.user() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (location.user() + ":" + (location.password() == null ? "" : location.password())).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a statement that returns nothing of interest (DDL). */
    void execute(String sql) throws StoreUnavailableException {
        send(request(null).POST(HttpRequest.BodyPublishers.ofString(sql)), sql, in -> null);
    }

    /**
     * Sends rows in one POST: {@code insertSql} (ending in {@code FORMAT JSONEachRow}) goes in the
     * URL, the rows in the body.
     */
    void insert(String insertSql, byte[] jsonEachRow) throws StoreUnavailableException {
        send(request(insertSql).POST(HttpRequest.BodyPublishers.ofByteArray(jsonEachRow)), insertSql, in -> null);
    }

    /** Runs a query and maps each result row (a JSON object keyed by column alias). */
    <T> List<T> select(String sql, Function<JsonNode, T> mapper) throws StoreUnavailableException {
        String full = sql + " FORMAT JSONEachRow";
        return send(request(null).POST(HttpRequest.BodyPublishers.ofString(full)), full, in -> {
            List<T> out = new ArrayList<>();
            try (MappingIterator<JsonNode> it = ROWS.readValues(in)) {
                while (it.hasNext()) out.add(mapper.apply(it.next()));
            }
            return out;
        });
    }

    private HttpRequest.Builder request(String queryInUrl) {
        String url = endpoint + "?wait_end_of_query=1" + settings;
        if (queryInUrl != null) url += "&query=" + URLEncoder.encode(queryInUrl, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Content-Type", "text/plain; charset=UTF-8");
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    private interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    private <T> T send(HttpRequest.Builder builder, String sql, BodyReader<T> reader) throws StoreUnavailableException {
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot reach ClickHouse at " + endpoint + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while talking to ClickHouse at " + endpoint, e);
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                String msg = new String(in.readNBytes(MAX_ERROR_CHARS), StandardCharsets.UTF_8).trim();
                String hint = resp.statusCode() == 401 || resp.statusCode() == 403
                        ? " (check user/password in the store location)" : "";
                throw new StoreUnavailableException("ClickHouse at " + endpoint + " answered HTTP " + resp.statusCode() + hint
                        + ": " + msg + " [statement: " + abbreviate(sql) + "]", null);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new StoreUnavailableException("lost the answer of ClickHouse at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "…";
    }
}
