package io.quire.server.it;

import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server in local mode (as the README command starts it) on loopback, for one test class: declared as
 * {@code @RegisterExtension static final LocalServer server = new LocalServer();}, it starts before the class's tests
 * on a temporary data folder, and stops and is removed after them.
 */
final class LocalServer implements BeforeAllCallback, AfterAllCallback {
    private Path folder;
    private QuireServer server;
    /** The class context that started the server: @Nested classes call the callbacks again, and share it. */
    private String owner;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        folder = ServerFolder.create();
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(folder.resolve("data")))
                .await(30, TimeUnit.SECONDS);
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

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }
}
