package dev.adclick.cluster.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The few calls of Flink's REST API (the same one {@code flink run} and the web UI use) that
 * deploy and watch a job: upload a jar, run it, read job and checkpoint state, stop with a
 * savepoint.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String base) {
        this.base = base;
    }

    /** {@code GET /overview}: taskmanagers, slots-total, slots-available, jobs-running, … */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar id for {@link #runJar}. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----adclick" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/upload")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        String filename = send(req).path("filename").asText();
        if (filename.isEmpty()) throw new IOException("Flink's /jars/upload returned no filename");
        return Path.of(filename).getFileName().toString();
    }

    /** {@code POST /jars/{id}/run}; returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> programArgs, int parallelism) throws IOException, InterruptedException {
        return runJar(jarId, entryClass, programArgs, parallelism, null);
    }

    /**
     * {@code POST /jars/{id}/run} restoring from a savepoint (or retained checkpoint), what
     * {@code flink run -s PATH} does; {@code savepointPath} {@code null} starts without state.
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, int parallelism, String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode run = JSON.createObjectNode().put("entryClass", entryClass).put("parallelism", parallelism);
        programArgs.forEach(run.putArray("programArgsList")::add);
        if (savepointPath != null) run.put("savepointPath", savepointPath);
        return post("/jars/" + jarId + "/run", run).path("jobid").asText();
    }

    /** {@code GET /jobs/{id}}: {@code state} (RUNNING, RESTARTING, …), vertices with their task states. */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /** Whether the job and every one of its tasks are RUNNING. */
    public boolean isFullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) return false;
        for (JsonNode v : job.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) return false;
        }
        return true;
    }

    /** {@code GET /jobs/{id}/checkpoints}: counts (completed, restored, failed) and the latest ones. */
    public JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** {@code GET /jobs/{id}/exceptions}: the failures that made the job restart. */
    public JsonNode exceptions(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions");
    }

    /** {@code POST /jobs/{id}/stop}: stop with a savepoint; returns the trigger id. */
    public String stopWithSavepoint(String jobId, String targetDirectory) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("drain", false);
        if (targetDirectory != null) body.put("targetDirectory", targetDirectory);
        return post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
    }

    /**
     * {@code GET /jobs/{id}/savepoints/{trigger}}: the savepoint's path once {@code status.id} is
     * {@code COMPLETED}, else empty.
     *
     * @throws IOException if the savepoint failed
     */
    public java.util.Optional<String> savepointLocation(String jobId, String triggerId) throws IOException, InterruptedException {
        JsonNode s = get("/jobs/" + jobId + "/savepoints/" + triggerId);
        if (!"COMPLETED".equals(s.path("status").path("id").asText())) return java.util.Optional.empty();
        JsonNode op = s.path("operation");
        if (op.has("failure-cause")) throw new IOException("savepoint of job " + jobId + " failed: " + op.path("failure-cause"));
        return java.util.Optional.of(op.path("location").asText());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("Flink REST " + req.method() + " " + req.uri().getPath() + " answered " + resp.statusCode() + ": " + resp.body());
        }
        return JSON.readTree(resp.body());
    }
}
