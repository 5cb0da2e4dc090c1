package io.quire.server.config;

import io.quire.server.config.ServerConfig.ConfigException;
import java.util.Locale;
import java.util.Map;

/**
 * How log lines are written: {@code text} for people at a terminal, {@code json} (one object per line) for log
 * collectors. Chosen by {@code --log-format} or {@code QUIRE_LOG_FORMAT}, and applied before the first logger is
 * created, because logback reads its configuration once: {@code logback.xml} picks the appender named by the
 * {@value #PROPERTY} system property.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String ENV = "QUIRE_LOG_FORMAT";
    public static final String FLAG = "--log-format";
    static final String PROPERTY = "quire.log.format";

    /** The format named by {@code value}; {@code source} names the flag or variable in the error. */
    public static LogFormat parse(String value, String source) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigException(source + " '" + value + "' is not a log format (expected: text or json)");
        };
    }

    /**
     * The format the command line or environment asks for (the flag wins), text if neither does. Only reads the
     * format: {@link ServerConfig#parse} checks the rest of the command line.
     */
    public static LogFormat choose(String[] args, Map<String, String> env) {
        LogFormat format = TEXT;
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            format = parse(fromEnv, ENV);
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FLAG) && i + 1 < args.length) {
                format = parse(args[++i], FLAG);
            } else if (args[i].startsWith(FLAG + "=")) {
                format = parse(args[i].substring(FLAG.length() + 1), FLAG);
            }
        }
        return format;
    }

    /** Makes logback use this format; call before anything logs. */
    public void apply() {
        System.setProperty(PROPERTY, name().toLowerCase(Locale.ROOT));
    }
}
