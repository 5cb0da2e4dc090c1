package io.quire.server.it;

import io.quire.server.QuireServer;
import io.quire.server.auth.TokenService;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real server in secured mode (sign-in required) on loopback, and tokens for whoever a test needs to be. */
final class SecuredServer implements AutoCloseable {
    private final QuireServer server;
    private final TokenService tokens;

    private SecuredServer(QuireServer server, String secret) {
        this.server = server;
        this.tokens = new TokenService(secret);
    }

    static SecuredServer start(Path data, String secret) throws Exception {
        return start(data, secret, false);
    }

    /** @param privateWebhooks whether webhooks may point at loopback (a test's receiver) */
    static SecuredServer start(Path data, String secret, boolean privateWebhooks) throws Exception {
        QuireServer server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(data).withJwtSecret(secret)
                .withAllowPrivateWebhooks(privateWebhooks)).await(30, TimeUnit.SECONDS);
        return new SecuredServer(server, secret);
    }

    int port() {
        return server.actualPort();
    }

    QuireServer server() {
        return server;
    }

    /** The API as {@code user}, with a token valid for an hour. */
    Api as(String user) {
        return new Api(port(), tokens.issue(user, user, Duration.ofHours(1)));
    }

    TokenService tokens() {
        return tokens;
    }

    @Override
    public void close() throws Exception {
        server.stop().await(30, TimeUnit.SECONDS);
    }
}
