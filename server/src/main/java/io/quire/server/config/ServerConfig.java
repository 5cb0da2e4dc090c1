package io.quire.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server needs to know at startup, in one immutable object.
 *
 * <p>Each setting has a default, which an environment variable overrides, which a command-line flag
 * overrides in turn:
 *
 * <pre>
 *   setting           default        environment   flag
 *   host              127.0.0.1      QUIRE_HOST    --host HOST
 *   port              8080           QUIRE_PORT    --port PORT   (0 = any free port)
 *   data folder       ./quire-data   QUIRE_DATA    --data DIR
 *   backup folder     DATA-backups   QUIRE_BACKUP_DIR  --backup-dir DIR
 *   maxMessageBytes   1 MiB          -             -
 *   token secret      none (local)   QUIRE_JWT_SECRET  --jwt-secret SECRET
 *   private webhooks  refused        QUIRE_ALLOW_PRIVATE_WEBHOOKS=true  --allow-private-webhooks
 *   log format        text           QUIRE_LOG_FORMAT  --log-format text|json   (read by {@link LogFormat})
 * </pre>
 *
 * Without a token secret the server runs in local mode: requests without a token act as the admin user. With one,
 * every connection and API call needs a valid token (HS256 JWT signed with it) or an API key. Prefer the
 * environment variable for the secret: command lines are visible to other users of the machine.
 *
 * Flags take their value as the next argument or after {@code =} ({@code --port 9000}, {@code --port=9000}).
 * An empty environment variable counts as unset, so {@code QUIRE_PORT=} in a compose file means "default".
 * The default host is loopback on purpose: exposing the server is a decision, made with {@code --host 0.0.0.0}.
 */
public record ServerConfig(String host, int port, Path dataDir, int maxMessageBytes, String jwtSecret,
                           boolean allowPrivateWebhooks, Path backupDir) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("quire-data");
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    public static final String ENV_HOST = "QUIRE_HOST";
    public static final String ENV_PORT = "QUIRE_PORT";
    public static final String ENV_DATA = "QUIRE_DATA";
    public static final String ENV_JWT_SECRET = "QUIRE_JWT_SECRET";
    public static final String ENV_ALLOW_PRIVATE_WEBHOOKS = "QUIRE_ALLOW_PRIVATE_WEBHOOKS";
    public static final String ENV_BACKUP_DIR = "QUIRE_BACKUP_DIR";

    /** Printed by {@code --help}; kept beside the parser so the two cannot drift apart. */
    public static final String USAGE = """
            Usage: java -jar quire-server.jar [--host HOST] [--port PORT] [--data DIR] [--jwt-secret SECRET]
                   java -jar quire-server.jar backup [--url URL] [--token TOKEN] [--name NAME]
                   java -jar quire-server.jar restore --from BACKUP --data DIR

            Runs the Quire collaborative editing server. SIGTERM or Ctrl-C stops it gracefully.

            Options:
              --host HOST   interface to listen on (env QUIRE_HOST, default %s)
              --port PORT   TCP port, 0-65535; 0 picks a free port (env QUIRE_PORT, default %d)
              --data DIR    folder for documents, created if missing (env QUIRE_DATA, default ./%s)
              --backup-dir DIR
                            folder for online backups (env QUIRE_BACKUP_DIR, default: DIR-backups
                            beside the data folder)
              --jwt-secret SECRET
                            sign-in tokens (HS256 JWTs) must be signed with SECRET, at least 32
                            characters (env QUIRE_JWT_SECRET; without one: local mode, no sign-in)
              --allow-private-webhooks
                            let webhooks point at loopback and private addresses (env
                            QUIRE_ALLOW_PRIVATE_WEBHOOKS=true; default: refused, see the README)
              --log-format text|json
                            log lines for people (text) or one JSON object per line for log
                            collectors (env QUIRE_LOG_FORMAT, default text)
              --help        print this help and exit

            Flags win over environment variables, which win over defaults.

            backup: asks a running server (--url, default http://127.0.0.1:%d) for an online backup
              and prints the folder it wrote; --token for a token, --name for the backup's name.
            restore: copies a backup folder into a data folder that is empty or does not exist;
              or start the server with --data BACKUP, since a backup is a complete data folder.
            """.formatted(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA_DIR, DEFAULT_PORT);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (host.isBlank()) {
            throw new ConfigException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException("port " + port + " is out of range (expected: 0-65535)");
        }
        if (jwtSecret != null && jwtSecret.length() < 32) {
            throw new ConfigException("the token secret must be at least 32 characters, got " + jwtSecret.length());
        }
        if (maxMessageBytes <= 0) {
            throw new ConfigException("maxMessageBytes must be positive, was " + maxMessageBytes);
        }
    }

    /** A setting the user gave is unusable; the message names it and says what was expected. Exit code 2. */
    public static final class ConfigException extends IllegalArgumentException {

        public ConfigException(String message) {
            super(message);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA_DIR, DEFAULT_MAX_MESSAGE_BYTES, null, false, null);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    public ServerConfig withDataDir(Path dataDir) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    public ServerConfig withMaxMessageBytes(int maxMessageBytes) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    public ServerConfig withJwtSecret(String jwtSecret) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    public ServerConfig withAllowPrivateWebhooks(boolean allow) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allow, backupDir);
    }

    public ServerConfig withBackupDir(Path backupDir) {
        return new ServerConfig(host, port, dataDir, maxMessageBytes, jwtSecret, allowPrivateWebhooks, backupDir);
    }

    /**
     * Where online backups go: the configured folder, or {@code <data folder>-backups} beside the data folder (on
     * the same file system, as a rule, so that a backup hard-links the store's files instead of copying them).
     */
    public Path backupFolder() {
        if (backupDir != null) {
            return backupDir.toAbsolutePath().normalize();
        }
        Path data = dataDir.toAbsolutePath().normalize();
        return data.resolveSibling(data.getFileName() + "-backups");
    }

    /** Never prints the secret, so logging a config cannot leak it. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", maxMessageBytes="
                + maxMessageBytes + ", jwtSecret=" + (jwtSecret == null ? "none" : "(set)") + ", allowPrivateWebhooks="
                + allowPrivateWebhooks + ", backupDir=" + backupFolder() + "]";
    }

    /** Whether sign-in is required (a token secret is configured). */
    public boolean secured() {
        return jwtSecret != null;
    }

    /** True if {@code --help} (or {@code -h}) appears anywhere; the caller prints {@link #USAGE} and exits 0. */
    public static boolean helpRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the configuration from defaults, then {@code env}, then {@code args}.
     *
     * @param args the command line (without {@code --help}; check {@link #helpRequested} first)
     * @param env  the environment, normally {@link System#getenv()}; a plain map in tests
     * @throws ConfigException with a message naming the offending flag or variable and what was expected
     */
    public static ServerConfig parse(String[] args, Map<String, String> env) {
        ServerConfig config = defaults();

        String envHost = nonEmpty(env.get(ENV_HOST));
        if (envHost != null) {
            config = config.withHost(parseHost(envHost, ENV_HOST));
        }
        String envPort = nonEmpty(env.get(ENV_PORT));
        if (envPort != null) {
            config = config.withPort(parsePort(envPort, ENV_PORT));
        }
        String envData = nonEmpty(env.get(ENV_DATA));
        if (envData != null) {
            config = config.withDataDir(parseDir(envData, ENV_DATA));
        }

        String envBackups = nonEmpty(env.get(ENV_BACKUP_DIR));
        if (envBackups != null) {
            config = config.withBackupDir(parseDir(envBackups, ENV_BACKUP_DIR));
        }

        String envSecret = nonEmpty(env.get(ENV_JWT_SECRET));
        if (envSecret != null) {
            config = config.withJwtSecret(secret(envSecret, ENV_JWT_SECRET));
        }

        String envPrivate = nonEmpty(env.get(ENV_ALLOW_PRIVATE_WEBHOOKS));
        if (envPrivate != null) {
            if (!envPrivate.equals("true") && !envPrivate.equals("false")) {
                throw new ConfigException(ENV_ALLOW_PRIVATE_WEBHOOKS + " must be true or false, got '" + envPrivate + "'");
            }
            config = config.withAllowPrivateWebhooks(Boolean.parseBoolean(envPrivate));
        }
        String envLogFormat = nonEmpty(env.get(LogFormat.ENV));
        if (envLogFormat != null) {
            LogFormat.parse(envLogFormat, LogFormat.ENV); // applied by Main before logging starts; checked here
        }

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--allow-private-webhooks" -> {
                    if (value != null) {
                        throw new ConfigException("--allow-private-webhooks takes no value");
                    }
                    config = config.withAllowPrivateWebhooks(true);
                }
                case "--host", "--port", "--data", "--jwt-secret", "--backup-dir", LogFormat.FLAG -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new ConfigException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    config = switch (name) {
                        case "--host" -> config.withHost(parseHost(value, name));
                        case "--port" -> config.withPort(parsePort(value, name));
                        case "--jwt-secret" -> config.withJwtSecret(secret(value, name));
                        case "--backup-dir" -> config.withBackupDir(parseDir(value, name));
                        case LogFormat.FLAG -> {
                            LogFormat.parse(value, name); // applied by Main before logging starts; checked here
                            yield config;
                        }
                        default -> config.withDataDir(parseDir(value, name));
                    };
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new ConfigException("unknown option '" + arg
                                + "' (expected one of --host, --port, --data, --backup-dir, --jwt-secret, --allow-private-webhooks, --log-format, --help)");
                    }
                    throw new ConfigException("unexpected argument '" + arg + "' (Quire takes only options)");
                }
            }
        }
        return config;
    }

    private static String secret(String value, String source) {
        if (value.length() < 32) {
            throw new ConfigException(source + ": the token secret must be at least 32 characters, got " + value.length());
        }
        return value;
    }

    private static String parseHost(String value, String source) {
        if (value.isBlank()) {
            throw new ConfigException(source + " must not be blank");
        }
        return value.strip();
    }

    private static int parsePort(String value, String source) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(source + " '" + value + "' is not a number (expected: 0-65535)");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException(source + " " + port + " is out of range (expected: 0-65535)");
        }
        return port;
    }

    private static Path parseDir(String value, String source) {
        if (value.isBlank()) {
            throw new ConfigException(source + " must not be blank");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(source + " '" + value + "' is not a valid path: " + e.getReason());
        }
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
