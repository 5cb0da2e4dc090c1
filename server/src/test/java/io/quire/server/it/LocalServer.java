package io.quire.server.it;

import io.quire.server.config.ServerConfig;
import java.nio.file.Path;

/**
 * A real server in local mode (as the README command starts it) on loopback, for one test class: declared as
 * {@code @RegisterExtension static final LocalServer server = new LocalServer();}.
 */
final class LocalServer extends ClassServer {
    @Override
    ServerConfig config(Path data) {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(data);
    }
}
