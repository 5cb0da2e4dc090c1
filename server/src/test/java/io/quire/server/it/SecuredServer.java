package io.quire.server.it;

import io.quire.server.QuireServer;
import io.quire.server.auth.TokenService;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server in secured mode (sign-in required) on loopback, and tokens for whoever a test needs to be. A test
 * class declares one as {@code @RegisterExtension static final SecuredServer server = new SecuredServer(SECRET);}:
 * it starts before the class's tests, on a temporary data folder, and stops and is removed after them.
 */
final class SecuredServer implements BeforeAllCallback, AfterAllCallback {
    private final String secret;
    private final boolean privateWebhooks;
    private final TokenService tokens;
    private Path folder;
    private QuireServer server;
    /** The class context that started the server: @Nested classes call the callbacks again, and share it. */
    private String owner;

    SecuredServer(String secret) {
        this(secret, false);
    }

    /** @param privateWebhooks whether webhooks may point at loopback (a test's receiver) */
    SecuredServer(String secret, boolean privateWebhooks) {
        this.secret = secret;
        this.privateWebhooks = privateWebhooks;
        this.tokens = new TokenService(secret);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        folder = ServerFolder.create();
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataFolder())
                .withJwtSecret(secret).withAllowPrivateWebhooks(privateWebhooks)).await(30, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (server != null) {
                server.stop().await(30, TimeUnit.SECONDS);
            }
        } finally {
            ServerFolder.delete(folder);
            owner = null;
        }
    }

    /** The server's data folder; its default backup folder is the sibling {@code data-backups}. */
    Path dataFolder() {
        return folder.resolve("data");
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
}
