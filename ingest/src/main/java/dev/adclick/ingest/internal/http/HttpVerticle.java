package dev.adclick.ingest.internal.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server on one event loop; several instances share the port. */
public final class HttpVerticle extends VerticleBase {
    private final IngestContext ctx;
    private final String host;
    private final int port;
    private volatile HttpServer server;

    public HttpVerticle(IngestContext ctx, String host, int port) {
        this.ctx = ctx;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout(60)
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384);
        server = vertx.createHttpServer(options).requestHandler(IngestRoutes.requestHandler(vertx, ctx));
        return server.listen();
    }

    /** The bound port (useful when asked for port 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
