package io.quire.server.it;

import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on loopback for one test class, registered as a static {@code @RegisterExtension} field: it starts
 * before the class's tests on a temporary data folder, and stops and is removed after them. Subclasses say how it
 * is configured.
 */
abstract class ClassServer implements BeforeAllCallback, AfterAllCallback {
    private Path folder;
    private QuireServer server;
    /** The class context that started the server: @Nested classes call the callbacks again, and share it. */
    private String owner;

    /** The configuration to start with, its data in {@code data}. */
    abstract ServerConfig config(Path data);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        folder = ServerFolder.create();
        server = new QuireServer();
        server.start(config(dataFolder())).await(30, TimeUnit.SECONDS);
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

    QuireServer server() {
        return server;
    }

    int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }
}
