package io.quire.server;

import io.quire.server.config.ServerConfig;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.SequencerSettings;
import io.quire.server.history.ChapterHistory;
import io.quire.server.http.EmbedRoutes;
import io.quire.server.http.HistoryRoutes;
import io.quire.server.protocol.MessageEncoder;
import io.quire.server.session.PresenceChannels;
import io.quire.server.session.Session;
import io.quire.server.session.SessionLimits;
import io.quire.server.session.WebSocketOutbox;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.RocksDocumentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one HTTP listener that serves the health check, the REST API, the web client and the
 * sharedb WebSocket endpoint at {@code /ws}.
 *
 * <pre>
 *   GET /health                   200 {"status":"up"}          liveness for load balancers and scripts
 *   /api/v1/...                   the REST API (HistoryRoutes)
 *   GET /embed/{book}/{chapter}   webroot/embed.html           one chapter's editor, for an iframe (EmbedRoutes)
 *   GET /*                        files of classpath webroot/  the web client's build; / is webroot/index.html
 *   anything else 404
 * </pre>
 *
 * <p>Lifecycle: {@link #start} once, then {@link #stop}. Port 0 in the config picks a free port, which
 * {@link #actualPort} reports; tests rely on it.
 */
public final class QuireServer {

    private static final Logger log = LoggerFactory.getLogger(QuireServer.class);

    /** Classpath folder the server jar carries the web client in (the quire-web-client jar, see web-client/pom.xml). */
    static final String WEBROOT = "webroot";

    /** Where the sharedb client connects. */
    static final String WEBSOCKET_PATH = "/ws";
    /** Room above the message limit, so that a frame just past it is refused with an error rather than a hang-up. */
    private static final int FRAME_SLACK_BYTES = 64 * 1024;
    private static final int MESSAGES_PER_SECOND = 500;
    private static final int MESSAGE_BURST = 2_000;

    private static final String HEALTH_UP = new JsonObject().put("status", "up").encode();

    private final Vertx vertx;
    private final boolean ownsVertx;
    private ServerConfig config;
    private HttpServer httpServer;
    private DocumentStore store;
    private DocumentRegistry registry;
    private final PresenceChannels presence = new PresenceChannels();

    /** A server with a Vert.x instance of its own, closed by {@link #stop}. */
    public QuireServer() {
        this(Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)), true);
    }

    /** A server on a caller's Vert.x instance, which {@link #stop} leaves open. */
    public QuireServer(Vertx vertx) {
        this(vertx, false);
    }

    private QuireServer(Vertx vertx, boolean ownsVertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.ownsVertx = ownsVertx;
    }

    /**
     * Creates the data folder if missing, then listens. Completes once connections are accepted; fails
     * (without listening) if the folder cannot be created or the port is taken.
     */
    public synchronized Future<Void> start(ServerConfig config) {
        if (this.config != null) {
            return Future.failedFuture(new IllegalStateException("server already started"));
        }
        this.config = Objects.requireNonNull(config, "config");
        Path dataDir = config.dataDir().toAbsolutePath().normalize();

        // Vert.x refuses frames far past the limit; the decoder answers those just past it with a clear error.
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxWebSocketMessageSize(config.maxMessageBytes() + FRAME_SLACK_BYTES)
                .setMaxWebSocketFrameSize(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE);
        SessionLimits limits = new SessionLimits(config.maxMessageBytes(), MESSAGES_PER_SECOND, MESSAGE_BURST);

        return vertx.fileSystem().mkdirs(dataDir.toString())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot create data folder " + dataDir + ": " + e.getMessage(), e)))
                .compose(v -> vertx.executeBlocking(() -> RocksDocumentStore.open(dataDir)))
                .compose(opened -> {
                    synchronized (this) {
                        store = opened;
                        registry = new DocumentRegistry(opened, SequencerSettings.DEFAULTS, MessageEncoder::op);
                    }
                    return vertx.createHttpServer(options)
                            .webSocketHandshakeHandler(handshake -> {
                                if (WEBSOCKET_PATH.equals(handshake.path())) {
                                    handshake.accept();
                                } else {
                                    handshake.reject(404);
                                }
                            })
                            .webSocketHandler(socket -> connect(socket, limits))
                            .requestHandler(router())
                            .listen();
                })
                .map(server -> {
                    synchronized (this) {
                        httpServer = server;
                    }
                    String authority = authority(config.host(), server.actualPort());
                    log.info("Quire listening on http://{} (WebSocket ws://{}{}), data in {}",
                            authority, authority, WEBSOCKET_PATH, dataDir);
                    return null;
                });
    }

    /** One sharedb client: its session lives as long as the socket. */
    private void connect(ServerWebSocket socket, SessionLimits limits) {
        Session session = new Session(new WebSocketOutbox(socket, vertx.getOrCreateContext()), registry, presence, limits);
        socket.textMessageHandler(session::onFrame);
        socket.binaryMessageHandler(buffer -> socket.close((short) 1003, "binary frames are not part of the protocol"));
        socket.exceptionHandler(e -> {
            // Vert.x drops a message past its limit and reports it here; the client must hear why.
            if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
                socket.close((short) 1009, "ERR_MESSAGE_TOO_LARGE: messages are limited to "
                        + limits.maxMessageChars() + " bytes");
            } else {
                log.debug("websocket error: {}", e.getMessage());
            }
        });
        socket.closeHandler(v -> session.onClose());
        session.start();
    }

    /**
     * Stops listening, lets the documents finish what is in flight, and closes the store; if this server created
     * its Vert.x instance, closes that too. Safe to call more than once.
     */
    public Future<Void> stop() {
        HttpServer server;
        DocumentRegistry documents;
        DocumentStore closing;
        synchronized (this) {
            server = httpServer;
            documents = registry;
            closing = store;
            httpServer = null;
            registry = null;
            store = null;
        }
        // Closing Vert.x closes its servers too. Chaining vertx.close() after server.close() would not work:
        // the chained future completes on an event loop that vertx.close() has just shut down.
        Future<Void> stopped = ownsVertx ? vertx.close() : server == null ? Future.succeededFuture() : server.close();
        return stopped.eventually(() -> {
            if (documents != null) {
                documents.close();
            }
            if (closing != null) {
                closing.close();
            }
            return Future.succeededFuture();
        });
    }

    /** The port actually bound (useful with port 0), or -1 before {@link #start} completes. */
    public synchronized int actualPort() {
        return httpServer == null ? -1 : httpServer.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route("/api/v1/*").subRouter(new HistoryRoutes(vertx, new ChapterHistory(registry, store)).router());
        router.get("/health").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(HEALTH_UP));
        EmbedRoutes.mount(router);
        // No browser caching for now: the web client's pages change with each build, and Vert.x's
        // caching headers mark every file "immutable" for a day. Hashed build assets can opt in later.
        // Unknown paths fall through StaticHandler to the router's default 404.
        router.route().handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
        return router;
    }

    /** host:port as it goes in a URL: IPv6 literals need brackets. */
    private static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
