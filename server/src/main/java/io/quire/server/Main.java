package io.quire.server;

import io.quire.server.config.LogFormat;
import io.quire.server.config.ServerConfig;
import io.quire.server.config.ServerConfig.ConfigException;
import io.quire.server.ops.BackupCommand;
import io.quire.server.ops.RestoreCommand;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Command-line entry point: {@code java -jar quire-server.jar [--host H] [--port P] [--data DIR]} runs the server;
 * {@code backup ...} and {@code restore ...} as the first argument run those commands instead (see
 * {@link BackupCommand}, {@link RestoreCommand}).
 *
 * <p>Exit codes: 0 after {@code --help} or a clean shutdown (SIGTERM or Ctrl-C), 1 if the server could not start,
 * 2 for a usage error (bad flag or value), 3 if a shutdown did not finish in time.
 */
public final class Main {

    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_STOP_FAILED = 3;

    private static final long START_TIMEOUT_SECONDS = 30;
    /** Past this a stop gives up; {@link QuireServer#stop} bounds each of its steps well within it. */
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private Main() {
    }

    public static void main(String[] args) {
        if (ServerConfig.helpRequested(args)) {
            System.out.print(ServerConfig.USAGE);
            return;
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            System.exit(args[0].equals("backup") ? BackupCommand.run(rest, System.getenv(), System.out, System.err)
                    : RestoreCommand.run(rest, System.out, System.err));
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("quire: " + e.getMessage());
            System.err.println("Run with --help for usage.");
            System.exit(EXIT_USAGE);
            return;
        }

        // Logging starts only now, so --help and usage errors print nothing but their message.
        LogFormat.choose(args, System.getenv()).apply();
        Logger log = LoggerFactory.getLogger(Main.class);
        QuireServer server = new QuireServer();
        try {
            server.start(config).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("Quire could not start on {}:{}: {}", config.host(), config.port(), describe(e));
            try {
                server.stop().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Exiting anyway; the start failure is what the user needs to see.
            }
            System.exit(EXIT_STARTUP_FAILED);
            return;
        }

        AtomicBoolean stopOnce = new AtomicBoolean();
        Supplier<Boolean> stop = () -> {
            if (!stopOnce.compareAndSet(false, true)) {
                return false; // a second signal while stopping: give up waiting
            }
            try {
                server.stop().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                log.warn("Quire did not stop cleanly within {} s: {}", STOP_TIMEOUT_SECONDS, describe(e));
                return false;
            }
        };
        // Any other way out of the JVM (System.exit, the last thread ending) still closes the store.
        Runtime.getRuntime().addShutdownHook(new Thread(stop::get, "quire-shutdown"));
        // A stop asked for by SIGTERM (or Ctrl-C) that completes is a clean exit: 0, not the JVM's 143.
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> System.exit(stop.get() ? 0 : EXIT_STOP_FAILED));
            } catch (IllegalArgumentException ignoredByParent) {
                // Started with the signal ignored (a background job's SIGINT): leave it so; the hook still stops.
            }
        }
        // Vert.x's event-loop threads keep the JVM alive from here on.
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
