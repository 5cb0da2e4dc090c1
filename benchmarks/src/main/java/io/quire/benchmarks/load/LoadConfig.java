package io.quire.benchmarks.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The load generator's settings, parsed from the command line ({@code --name value} or {@code --name=value}).
 *
 * <pre>
 *   --url URL                 ws://HOST:PORT/PATH of a sharedb server        (default ws://127.0.0.1:8080/ws)
 *   --clients N               WebSocket connections, one author each         (default 4)
 *   --docs M                  documents; client i edits document i mod M      (default 1; 1 &lt;= M &lt;= N)
 *   --rate R|max              keystrokes per second per client, or as fast as acknowledgements allow (default max)
 *   --seconds S               measured seconds                               (default 20)
 *   --warmup S                seconds of typing before measuring             (default 5)
 *   --collection NAME         collection the documents live in; ids are doc-0 .. doc-(M-1)
 *                             (default load-&lt;epoch millis&gt;, so runs against a persistent server do not mix)
 *   --label TEXT              copied into the JSON line, e.g. "quire" or "sharedb" (default "")
 *   --event-loops K           client event loops                             (default min(2, cores))
 *   --connect-timeout S       all clients connected, subscribed and their document created (default 120)
 *   --connect-concurrency K   WebSocket handshakes in flight at once          (default 200)
 *   --drain S                 after typing stops, wait for acks and broadcasts (default 5)
 *   --initial-length L        characters in each created document before its "\n" (default 200)
 *   --seed N                  random seed for positions, letters and timer phases (default 42)
 *   --server-pid PID          the server's process on this machine: its CPU use in the window is reported (Linux)
 * </pre>
 *
 * @param rate keystrokes per second per client; {@link #MAX_RATE} (a negative value) means "max"
 */
public record LoadConfig(URI url, int clients, int docs, double rate, int seconds, int warmup, String collection,
                         String label, int eventLoops, int connectTimeout, int connectConcurrency, int drain,
                         int initialLength, long seed, long serverPid) {

    public static final double MAX_RATE = -1;

    public static final String USAGE = """
            Usage: java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.load.LoadGenerator
                     --url ws://127.0.0.1:8080/ws --clients N --docs M --rate OPS_PER_SEC_PER_CLIENT|max
                     --seconds S --warmup S [--collection NAME] [--label TEXT] [--event-loops K]
                     [--connect-timeout S] [--connect-concurrency K] [--drain S] [--initial-length L] [--seed N]
                     [--server-pid PID]

            Opens N sharedb connections spread over M rich-text documents (the first client of each
            document creates it), types single-character inserts at random positions (at most one op in
            flight per client; keystrokes typed meanwhile are composed into the next op), and reports
            acknowledged ops/s and op-to-ack / op-to-peer latency percentiles, as text and as one JSON line.
            Exit codes: 0 done, 1 connection or setup failure, 2 usage error, 3 done but clients were disconnected.
            """;

    public LoadConfig {
        if (url == null || !("ws".equals(url.getScheme()) || "wss".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be ws://HOST:PORT/PATH, was " + url);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1, was " + clients);
        }
        if (docs < 1 || docs > clients) {
            throw new IllegalArgumentException("--docs must be between 1 and --clients (" + clients + "), was " + docs);
        }
        if (!(rate == MAX_RATE || (rate > 0 && rate <= 1000))) {
            throw new IllegalArgumentException("--rate must be 'max' or a number of keystrokes per second in (0, 1000], was " + rate);
        }
        if (seconds < 1 || warmup < 0 || drain < 0 || connectTimeout < 1) {
            throw new IllegalArgumentException("--seconds and --connect-timeout must be >= 1, --warmup and --drain >= 0");
        }
        if (collection == null || !collection.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("--collection must be 1-100 of [A-Za-z0-9._-], was " + collection);
        }
        if (eventLoops < 1 || connectConcurrency < 1 || initialLength < 0) {
            throw new IllegalArgumentException("--event-loops and --connect-concurrency must be >= 1, --initial-length >= 0");
        }
        label = label == null ? "" : label;
    }

    public boolean maxRate() {
        return rate == MAX_RATE;
    }

    /** "max" or the rate as typed (2, 0.5). */
    public String rateText() {
        if (maxRate()) {
            return "max";
        }
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    public String docId(int doc) {
        return "doc-" + doc;
    }

    /** Client i edits document i mod M, so the first M clients are the documents' creators. */
    public int docOf(int client) {
        return client % docs;
    }

    public boolean createsDoc(int client) {
        return client < docs;
    }

    public static LoadConfig parse(String[] args) {
        URI url = URI.create("ws://127.0.0.1:8080/ws");
        int clients = 4;
        Integer docs = null;
        double rate = MAX_RATE;
        int seconds = 20;
        int warmup = 5;
        String collection = "load-" + System.currentTimeMillis();
        String label = "";
        int eventLoops = Math.min(2, Runtime.getRuntime().availableProcessors());
        int connectTimeout = 120;
        int connectConcurrency = 200;
        int drain = 5;
        int initialLength = 200;
        long seed = 42;
        long serverPid = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "' (options start with --)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--url" -> {
                    try {
                        url = new URI(value);
                    } catch (URISyntaxException e) {
                        throw new IllegalArgumentException("--url '" + value + "' is not a URL: " + e.getReason());
                    }
                }
                case "--clients" -> clients = integer(name, value);
                case "--docs" -> docs = integer(name, value);
                case "--rate" -> rate = value.toLowerCase(Locale.ROOT).equals("max") ? MAX_RATE : decimal(name, value);
                case "--seconds" -> seconds = integer(name, value);
                case "--warmup" -> warmup = integer(name, value);
                case "--collection" -> collection = value;
                case "--label" -> label = value;
                case "--event-loops" -> eventLoops = integer(name, value);
                case "--connect-timeout" -> connectTimeout = integer(name, value);
                case "--connect-concurrency" -> connectConcurrency = integer(name, value);
                case "--drain" -> drain = integer(name, value);
                case "--initial-length" -> initialLength = integer(name, value);
                case "--seed" -> seed = whole(name, value);
                case "--server-pid" -> serverPid = whole(name, value);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new LoadConfig(url, clients, docs == null ? Math.min(1, clients) : docs, rate, seconds, warmup,
                collection, label, eventLoops, connectTimeout, connectConcurrency, drain, initialLength, seed, serverPid);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
    }

    private static long whole(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number or 'max'");
        }
    }
}
