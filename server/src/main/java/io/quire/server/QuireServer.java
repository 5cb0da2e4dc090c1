package io.quire.server;

import io.quire.server.auth.AuthException;
import io.quire.server.auth.Authenticator;
import io.quire.server.auth.Identity;
import io.quire.server.auth.LocalSecret;
import io.quire.server.auth.TokenService;
import io.quire.server.books.BookRegistry;
import io.quire.server.books.BookService;
import io.quire.server.books.BookVersions;
import io.quire.server.books.ChapterDocs;
import io.quire.server.books.ChapterListSync;
import io.quire.server.config.ServerConfig;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.SequencerSettings;
import io.quire.server.history.ChapterHistory;
import io.quire.server.http.AccountRoutes;
import io.quire.server.http.AdminRoutes;
import io.quire.server.http.ApiRouter;
import io.quire.server.http.BookRoutes;
import io.quire.server.http.ContentRoutes;
import io.quire.server.http.EmbedRoutes;
import io.quire.server.http.CompactionRoutes;
import io.quire.server.http.HistoryRoutes;
import io.quire.server.protocol.MessageEncoder;
import io.quire.server.session.InboundTextFrames;
import io.quire.server.session.PresenceChannels;
import io.quire.server.session.Session;
import io.quire.server.session.SessionDirectory;
import io.quire.server.session.SessionLimits;
import io.quire.server.session.WebSocketOutbox;
import io.quire.server.storage.Backups;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.RocksDocumentStore;
import io.quire.server.webhooks.BookEvents;
import io.quire.server.webhooks.WebhookDispatcher;
import io.quire.server.webhooks.WebhookSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.quire.server.metrics.QuireMeters;
import io.vertx.ext.web.handler.StaticHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one HTTP listener that serves the health check, the REST API, the web client and the
 * sharedb WebSocket endpoint at {@code /ws}.
 *
 * <pre>
 *   GET /health                   200 {"status":"up"}          liveness for load balancers and scripts
 *   GET /ready                    200 {"status":"ready"}       readiness: the store is open and connections are
 *                                 503 {"status":"starting"}    accepted; "stopping" once {@link #stop} began
 *   GET /metrics                  Prometheus text 0.0.4        the meters of {@link QuireMeters}, and the JVM's
 *   /api/v1/...                   the REST API (BookRoutes, HistoryRoutes, AdminRoutes, ...); 503 while stopping
 *   GET /embed/{book}/{chapter}   webroot/embed.html           one chapter's editor, for an iframe (EmbedRoutes)
 *   GET /books/{book}[/{chapter}] webroot/book.html            the app's book page: chapters and editor (EmbedRoutes)
 *   GET /*                        files of classpath webroot/  the web client's build; / is webroot/index.html,
 *                                                              "Your books"
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
    private static final String STOPPING_ERROR = new JsonObject().put("error", new JsonObject().put("status", 503)
            .put("code", "UNAVAILABLE").put("message", "the server is shutting down; try again shortly")).encode();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** What {@code GET /ready} says. */
    private enum Readiness { STARTING, READY, STOPPING }

    private volatile Readiness readiness = Readiness.STARTING;
    /** Made by the first {@link #stop}: what every call to it returns. */
    private Promise<Void> stopped;

    /** How long {@link #stop} waits for ops in flight to be committed and acknowledged. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #stop} waits for the head snapshots of open documents (a shortcut for the next start). */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(2);
    /** How long {@link #stop} waits for clients to answer the close of their connections. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** This server's meters, scraped at {@code GET /metrics}. */
    private final QuireMeters meters = QuireMeters.prometheus();

    private final Vertx vertx;
    private final boolean ownsVertx;
    private ServerConfig config;
    private HttpServer httpServer;
    private DocumentStore store;
    private DocumentRegistry registry;
    private BookRegistry books;
    private BookService bookService;
    private ChapterListSync chapterListSync;
    private Authenticator authenticator;
    private Backups backups;
    private WebhookDispatcher webhooks;
    private Router api;
    private final SessionDirectory sessions = new SessionDirectory();
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
                // No HTTP/2 upgrade of plain-text connections (h2c): browsers never ask for it, and a client that
                // does (Java's HttpClient asks by default) got "frame exceeds MAX_FRAME_SIZE" on large answers such
                // as the OpenAPI document under load. It is answered in HTTP/1.1 instead.
                .setHttp2ClearTextEnabled(false)
                // No WebSocket compression, though browsers and Node's ws offer permessage-deflate: the frames are
                // edits of a few dozen bytes, which deflate barely shrinks, and with context takeover each connection
                // would keep its own zlib state in both directions, for thousands of connections. ShareDB's ws
                // server does not compress either.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketMessageSize(config.maxMessageBytes() + FRAME_SLACK_BYTES)
                // A browser sends each message as one frame, so a frame may be larger than a message may be: one
                // too large for a message reaches the decoder, which refuses it with ERR_MESSAGE_TOO_LARGE. (Netty
                // drops a frame past this limit without a close frame, which a client cannot act on.)
                .setMaxWebSocketFrameSize(4 * (config.maxMessageBytes() + FRAME_SLACK_BYTES));
        SessionLimits limits = new SessionLimits(config.maxMessageBytes(), MESSAGES_PER_SECOND, MESSAGE_BURST);
        // Made here, off Vert.x threads, so that it gets an event loop of its own for its deliveries.
        webhooks = new WebhookDispatcher(vertx, this::webhooksOf, WebhookSettings.defaults());

        return vertx.fileSystem().mkdirs(dataDir.toString())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot create data folder " + dataDir + ": " + e.getMessage(), e)))
                .compose(v -> vertx.executeBlocking(() -> RocksDocumentStore.open(dataDir)))
                .compose(opened -> vertx.executeBlocking(() -> {
                    wire(config, dataDir, opened);
                    return opened;
                }))
                .compose(opened -> {
                    return vertx.createHttpServer(options)
                            .webSocketHandshakeHandler(handshake -> {
                                if (readiness == Readiness.STOPPING) {
                                    handshake.reject(503); // the client retries, and finds the next server
                                } else if (WEBSOCKET_PATH.equals(handshake.path())) {
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
                        if (readiness == Readiness.STARTING) {
                            readiness = Readiness.READY;
                        }
                    }
                    String authority = authority(config.host(), server.actualPort());
                    log.info("Quire listening on http://{} (WebSocket ws://{}{}), data in {}",
                            authority, authority, WEBSOCKET_PATH, dataDir);
                    if (config.secured()) {
                        log.info("Secured mode: every connection and API call needs a token signed with the configured secret, or an API key");
                    } else {
                        log.warn("LOCAL MODE: no token secret is set (--jwt-secret or QUIRE_JWT_SECRET), so anyone who can reach "
                                + "this server acts as the admin user '{}'. Set a secret before exposing it.", Identity.LOCAL_ADMIN_ID);
                    }
                    return null;
                });
    }

    /** Books, sign-in and the documents, once the store is open: the parts know each other only through here. */
    private synchronized void wire(ServerConfig config, Path dataDir, RocksDocumentStore opened) {
        store = opened;
        books = new BookRegistry(opened.records());
        TokenService tokens = new TokenService(config.secured() ? config.jwtSecret() : LocalSecret.load(dataDir));
        authenticator = new Authenticator(tokens, config.secured(), books);
        // Whoever loses access to a book loses its open subscriptions at once, not at their next sign-in.
        books.addListener((before, after) -> sessions.bookChanged(after != null ? after.id() : before.id()));
        BookEvents events = new BookEvents(webhooks, book -> books.book(book).map(b -> !b.webhooks().isEmpty()).orElse(false));
        books.addListener(events);
        ChapterListSync[] sync = new ChapterListSync[1];
        registry = new DocumentRegistry(opened, SequencerSettings.DEFAULTS, MessageEncoder::op, op -> {
            sync[0].committed(op);
            events.committed(op);
        }, meters);
        DocumentRegistry documents = registry;
        meters.gaugeOpenDocuments(documents::openDocuments);
        meters.gaugeMaxSubscribers(documents::maxSubscribers);
        meters.gaugeDocumentsBySubscribers(documents::documentsWithSubscribers);
        meters.gaugeSessions(sessions::size);
        backups = new Backups(config.backupFolder(), dataDir, opened, Clock.systemUTC());
        opened.onBatchWritten(meters::storeWrite);
        meters.gaugeRocksDb(opened::longProperty);
        bookService = new BookService(books, new ChapterDocs(registry), Clock.systemUTC(),
                new io.quire.server.books.WebhookTargets(config.allowPrivateWebhooks()));
        sync[0] = new ChapterListSync(bookService);
        chapterListSync = sync[0];
    }

    private synchronized List<io.quire.server.webhooks.Webhook> webhooksOf(String book) {
        return books == null ? List.of() : books.book(book).map(b -> b.webhooks()).orElse(List.of());
    }

    /** One sharedb client: its session lives as long as the socket, as the identity its credential proves. */
    private void connect(ServerWebSocket socket, SessionLimits limits) {
        // Every close the server makes goes through the outbox, which logs and counts it.
        WebSocketOutbox outbox = new WebSocketOutbox(socket, meters);
        Identity identity;
        try {
            List<String> token = new QueryStringDecoder("?" + (socket.query() == null ? "" : socket.query()))
                    .parameters().get("token");
            identity = authenticator.authenticate(Authenticator.credential(socket.headers().get("Authorization"),
                    socket.headers().get("X-Quire-Key"), token == null || token.isEmpty() ? null : token.get(0)));
        } catch (AuthException e) {
            outbox.close((short) 4401, "ERR_UNAUTHENTICATED: " + e.getMessage());
            return;
        }
        Session session = new Session(outbox, registry, presence,
                limits, identity, books).meters(meters);
        sessions.add(session);
        Consumer<String> reader = frame -> {
            meters.bytesIn(frame.length());
            session.onFrame(frame);
        };
        socket.textMessageHandler(reader::accept); // fragmented messages, assembled by Vert.x
        InboundTextFrames.install(socket, reader);
        socket.binaryMessageHandler(buffer -> outbox.close((short) 1003, "binary frames are not part of the protocol"));
        socket.exceptionHandler(e -> {
            // Vert.x drops a message past its limit and reports it here; the client must hear why.
            if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
                outbox.close((short) 1009, "ERR_MESSAGE_TOO_LARGE: messages are limited to "
                        + limits.maxMessageChars() + " bytes");
            } else {
                log.debug("websocket error: {}", e.getMessage());
            }
        });
        socket.closeHandler(v -> {
            sessions.remove(session);
            session.onClose();
        });
        session.start();
    }

    /**
     * Shuts down gracefully, bounded by {@link #DRAIN_TIMEOUT} and {@link #CLOSE_WAIT}; safe to call more than once
     * (later calls get the first one's future).
     *
     * <ol>
     *   <li>{@code /ready} says "stopping"; WebSocket handshakes and API calls are refused with 503; open connections
     *       stop reading (an op sent now is not stored, and the sharedb client resends it after reconnecting);</li>
     *   <li>every op already handed to a sequencer is committed and its ack handed to its connection;</li>
     *   <li>each open document gets a snapshot at its head, background work stops, the store is flushed and
     *       closed;</li>
     *   <li>connections are closed with 1001 (going away) after the frames already queued, so acks go out
     *       first; then the listener, and Vert.x if this server created it.</li>
     * </ol>
     * Past a bound it goes on anyway: what the store had queued is still written when it closes.
     */
    public Future<Void> stop() {
        HttpServer server;
        DocumentRegistry documents;
        DocumentStore closing;
        ChapterListSync sync;
        WebhookDispatcher hooks;
        synchronized (this) {
            if (stopped != null) {
                return stopped.future();
            }
            stopped = Promise.promise();
            readiness = Readiness.STOPPING;
            sync = chapterListSync;
            chapterListSync = null;
            hooks = webhooks;
            webhooks = null;
            server = httpServer;
            documents = registry;
            closing = store;
            httpServer = null;
            registry = null;
            store = null;
        }
        Promise<Void> result = stopped;
        long startNanos = System.nanoTime();
        int inFlight = documents == null ? 0 : documents.inFlight();
        if (server != null) {
            log.atInfo().setMessage("Quire stopping").addKeyValue("connections", sessions.size())
                    .addKeyValue("documentsOpen", documents == null ? 0 : documents.openDocuments())
                    .addKeyValue("opsInFlight", inFlight).log();
        }
        sessions.stopReading();
        Future<Void> drained = documents == null ? Future.succeededFuture()
                : Future.fromCompletionStage(documents.drain(), vertx.getOrCreateContext()).timeout(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .recover(e -> {
                            log.warn("{} ops still in flight after {} ms; closing anyway", documents.inFlight(),
                                    DRAIN_TIMEOUT.toMillis());
                            return Future.succeededFuture();
                        });
        int[] flushed = {0};
        int[] closed = {0};
        Future<Void> drainedAndClosed = drained
                .compose(v -> vertx.executeBlocking(() -> {
                    flushed[0] = closeStorage(documents, sync, hooks, closing);
                    return null;
                }, false))
                .compose(v -> {
                    closed[0] = sessions.closeAll((short) 1001, "the server is shutting down; reconnect");
                    return untilNoSessions(System.nanoTime() + CLOSE_WAIT.toNanos());
                })
                .eventually(() -> vertx.executeBlocking(() -> {
                    if (documents != null) {
                        documents.close();
                    }
                    return null;
                }, false));
        // The last step leaves Vert.x: closing it (which closes its servers too) from one of its own threads would
        // complete the close on an event loop that has just shut down, and the future would never be completed.
        drainedAndClosed.toCompletionStage().handle((v, e) -> e)
                .thenComposeAsync(earlier -> (ownsVertx ? vertx.close() : server == null ? Future.<Void>succeededFuture()
                        : server.close()).toCompletionStage().thenApply(v -> earlier), QuireServer::offVertx)
                .whenComplete((earlier, closeFailure) -> {
                    Throwable e = closeFailure != null ? closeFailure : earlier;
                    if (server != null) {
                        log.atInfo().setMessage("Quire stopped")
                                .addKeyValue("ms", (System.nanoTime() - startNanos) / 1_000_000)
                                .addKeyValue("connectionsClosed", closed[0]).addKeyValue("documentsFlushed", flushed[0])
                                .addKeyValue("opsInFlightAtStart", inFlight).log();
                    }
                    if (e == null) {
                        result.complete();
                    } else {
                        result.fail(e);
                    }
                });
        return result.future();
    }

    private static void offVertx(Runnable task) {
        Thread thread = new Thread(task, "quire-stop");
        thread.setDaemon(true);
        thread.start();
    }

    /** Snapshots, background work, then the store; blocking. Returns how many documents got a head snapshot. */
    private static int closeStorage(DocumentRegistry documents, ChapterListSync sync, WebhookDispatcher hooks,
                                    DocumentStore closing) {
        int flushed = 0;
        if (documents != null) {
            try {
                flushed = documents.storeHeadSnapshots().get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Only a shortcut for the next start: the ops are durable, and replaying them rebuilds the head.
                log.warn("head snapshots at shutdown not all stored: {}", e.toString());
            }
        }
        if (sync != null) {
            sync.close();
        }
        if (hooks != null) {
            hooks.close();
        }
        if (closing != null) {
            closing.close();
        }
        return flushed;
    }

    /** Completes when every connection is gone or at {@code deadlineNanos}, whichever comes first. */
    private Future<Void> untilNoSessions(long deadlineNanos) {
        if (sessions.size() == 0 || System.nanoTime() >= deadlineNanos) {
            return Future.succeededFuture();
        }
        Promise<Void> gone = Promise.promise();
        vertx.setTimer(20, id -> untilNoSessions(deadlineNanos).onComplete(gone));
        return gone.future();
    }

    /**
     * Every API route as {@code "METHOD /api/v1/path/{param}"}, in OpenAPI's path syntax: what the OpenAPI document
     * must describe, and a test holds it to that.
     */
    public synchronized List<String> apiRoutes() {
        List<String> out = new java.util.ArrayList<>();
        if (api == null) {
            return out;
        }
        for (io.vertx.ext.web.Route route : api.getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null) {
                continue; // the body and auth handlers of every route
            }
            String openApiPath = "/api/v1" + path.replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().forEach(method -> out.add(method.name() + " " + openApiPath));
        }
        return out;
    }

    /** The port actually bound (useful with port 0), or -1 before {@link #start} completes. */
    public synchronized int actualPort() {
        return httpServer == null ? -1 : httpServer.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        api = ApiRouter.create(vertx, authenticator);
        ChapterHistory history = new ChapterHistory(registry, store);
        new HistoryRoutes(vertx, history, books).mount(api);
        new CompactionRoutes(vertx, history, books, meters).mount(api);
        new BookRoutes(vertx, bookService, new BookVersions(bookService, Clock.systemUTC()), webhooks::recentDeliveries).mount(api);
        new ContentRoutes(vertx, bookService).mount(api);
        new AccountRoutes(vertx, authenticator).mount(api);
        new AdminRoutes(vertx, backups).mount(api);
        router.route("/api/v1/*").handler(ctx -> {
            if (readiness == Readiness.STOPPING) {
                ctx.response().setStatusCode(503)
                        .putHeader("content-type", "application/json; charset=utf-8")
                        .putHeader("cache-control", "no-store")
                        .end(STOPPING_ERROR);
            } else {
                ctx.next();
            }
        });
        router.route("/api/v1/*").subRouter(api);
        router.get("/health").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(HEALTH_UP));
        router.get("/ready").handler(ctx -> {
            Readiness now = readiness;
            ctx.response()
                    .setStatusCode(now == Readiness.READY ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(new JsonObject().put("status", now.name().toLowerCase(java.util.Locale.ROOT)).encode());
        });
        // Off the event loop: a scrape formats every meter and reads RocksDB properties.
        router.get("/metrics").handler(ctx -> vertx.executeBlocking(meters::scrape, false).onComplete(scraped -> {
            if (scraped.failed()) {
                ctx.fail(scraped.cause());
                return;
            }
            ctx.response()
                    .putHeader("content-type", PROMETHEUS_TEXT)
                    .putHeader("cache-control", "no-store")
                    .end(scraped.result());
        }));
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
