package io.quire.server.it;

import io.quire.server.auth.TokenService;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real server in secured mode (sign-in required) on loopback, and tokens for whoever a test needs to be. A test
 * class declares one as {@code @RegisterExtension static final SecuredServer server = new SecuredServer(SECRET);}.
 */
final class SecuredServer extends ClassServer {
    private final String secret;
    private final boolean privateWebhooks;
    private final TokenService tokens;

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
    ServerConfig config(Path data) {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(data)
                .withJwtSecret(secret).withAllowPrivateWebhooks(privateWebhooks);
    }

    /** The API as {@code user}, with a token valid for an hour. */
    Api as(String user) {
        return new Api(port(), tokens.issue(user, user, Duration.ofHours(1)));
    }

    TokenService tokens() {
        return tokens;
    }
}
