package io.quire.benchmarks.fault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the fuzzer's frames, deterministically from a seed. Each frame belongs to one {@link Kind}.
 *
 * <p>The invariant the fuzzer checks rests on one rule kept here: every op frame aimed at the connection's
 * <em>target</em> document carries an op that cannot apply to it (a retain or delete past its end, a zero, negative,
 * fractional, huge or mistyped count, an element of the wrong shape, mistyped attributes), or no op at all. Ops whose
 * validity is a matter of taste (lone surrogate halves, odd embeds, empty ops) and creates and deletes go to
 * <em>scratch</em> documents, which nothing checks. So the target document must stay exactly as it was created.
 */
public final class FrameGenerator {

    /** The classes of frames; {@code fatal} ones are expected to make the server close the connection. */
    public enum Kind {
        MALFORMED_JSON(true, 2.0),
        NOT_AN_OBJECT(true, 0.5),
        RANDOM_TEXT(true, 0.5),
        BINARY(true, 0.3),
        WRONG_TYPES(false, 30),
        UNKNOWN_ACTION(false, 5),
        INVALID_OP(false, 35),
        DOUBTFUL_OP(false, 10),
        BAD_VERSION(false, 8),
        OTHER_ACTION(false, 8),
        /** A second {@code hs} with a wrong protocol or id: the server answers and closes (its documented choice). */
        BAD_HANDSHAKE(true, 0.5),
        FLOOD(false, 0.05),
        OVERSIZED(true, 0.005);

        public final boolean fatal;
        final double weight;

        Kind(boolean fatal, double weight) {
            this.fatal = fatal;
            this.weight = weight;
        }
    }

    /** One generated frame: text frames (a flood has several) or one binary frame. */
    public record Frame(Kind kind, List<String> texts, byte[] binary) {
        public int count() {
            return binary != null ? 1 : texts.size();
        }
    }

    private static final String[] ACTIONS = {"f", "s", "u", "bf", "bs", "bu", "nf", "nt", "qf", "qs", "qu", "p", "ps",
            "pu", "pr", "pp", "op"};
    private static final String[] UNKNOWN = {"\"zz\"", "\"\"", "\"OP\"", "\"op \"", "\"init\"", "\"q\"", "5", "null",
            "true", "[]", "{}", "\"\\u0000\"", "\"\\ud800\""};
    private static final String[] WRONG_VALUES = {"null", "true", "false", "0", "-1", "1.5", "-0.0", "1e308", "-1e308",
            "9007199254740993", "2147483648", "-2147483649", "99999999999999999999999", "\"\"", "\"x\"", "\"1\"",
            "\"\\ud800\"", "\"\\u0000\"", "[]", "[1,2]", "[null]", "{}", "{\"a\":1}", "{\"ops\":5}"};

    private final SplittableRandom random;
    private final String collection;
    private final String targetDoc;
    private final String scratchPrefix;
    private final int targetLength;
    private final long targetVersion;
    private final int maxMessageChars;
    private final double totalWeight;

    /**
     * @param targetLength    length of the target document (UTF-16 units): retains and deletes past it are invalid
     * @param targetVersion   its version; a future version is any larger one
     * @param maxMessageChars the server's frame limit; oversized frames are just over it
     */
    public FrameGenerator(long seed, String collection, String targetDoc, String scratchPrefix, int targetLength,
                          long targetVersion, int maxMessageChars) {
        this.random = new SplittableRandom(seed);
        this.collection = collection;
        this.targetDoc = targetDoc;
        this.scratchPrefix = scratchPrefix;
        this.targetLength = targetLength;
        this.targetVersion = targetVersion;
        this.maxMessageChars = maxMessageChars;
        double w = 0;
        for (Kind k : Kind.values()) {
            w += k.weight;
        }
        this.totalWeight = w;
    }

    public String targetDoc() {
        return targetDoc;
    }

    /** The next frame, of a kind drawn by weight. */
    public Frame next() {
        double x = random.nextDouble() * totalWeight;
        for (Kind k : Kind.values()) {
            x -= k.weight;
            if (x < 0) {
                return of(k);
            }
        }
        return of(Kind.INVALID_OP);
    }

    /** A frame of the given kind. */
    public Frame of(Kind kind) {
        return switch (kind) {
            case MALFORMED_JSON -> text(kind, malformed());
            case NOT_AN_OBJECT -> text(kind, pick("[]", "[{\"a\":\"pp\"}]", "42", "\"pp\"", "null", "true", "-0", "\"\"",
                    "[" + invalidOp() + "]"));
            case RANDOM_TEXT -> text(kind, randomText());
            case BINARY -> new Frame(kind, List.of(), randomBytes(1 + random.nextInt(300)));
            case WRONG_TYPES -> text(kind, wrongTypes());
            case UNKNOWN_ACTION -> text(kind, "{\"a\":" + pick(UNKNOWN) + ",\"c\":" + q(collection) + ",\"d\":"
                    + q(targetDoc) + (random.nextBoolean() ? ",\"v\":1,\"op\":[{\"insert\":\"x\"}]" : "") + "}");
            case INVALID_OP -> text(kind, submit(targetDoc, version(), invalidOp()));
            case DOUBTFUL_OP -> text(kind, doubtful());
            case BAD_VERSION -> text(kind, submit(targetDoc, pick(String.valueOf(targetVersion + 1 + random.nextInt(5)),
                    "0", "-1", "1e9", "9223372036854775807", "9223372036854775808", "null"), invalidOp()));
            case OTHER_ACTION -> text(kind, otherAction());
            case BAD_HANDSHAKE -> text(kind, random.nextBoolean()
                    ? "{\"a\":\"hs\",\"id\":" + pick("5", "true", "[]", "{}") + ",\"protocol\":1,\"protocolMinor\":2}"
                    : "{\"a\":\"hs\",\"id\":null,\"protocol\":" + pick("2", "0", "-1")
                    + ",\"protocolMinor\":" + pick("2", "0", "99") + "}");
            case FLOOD -> flood();
            case OVERSIZED -> text(kind, oversized());
        };
    }

    // ---- ops

    /** An op that cannot apply to the target document, as JSON (an array, or an {ops} object). */
    String invalidOp() {
        int past = targetLength + 1 + random.nextInt(3) == targetLength + 1 ? targetLength + 1
                : targetLength + 1 + random.nextInt(1_000_000);
        String bad = switch (random.nextInt(16)) {
            case 0 -> "[{\"retain\":" + past + "}]";
            case 1 -> "[{\"delete\":" + past + "}]";
            case 2 -> "[{\"retain\":" + targetLength + "},{\"delete\":" + (1 + random.nextInt(5)) + "}]";
            case 3 -> "[{\"retain\":" + past + ",\"attributes\":{\"bold\":true}}]";
            case 4 -> "[{\"" + pick("retain", "delete") + "\":" + pick("0", "-1", "-2147483648", "1.5", "1e308",
                    "9007199254740993", "99999999999999999999999", "\"3\"", "null", "true", "[]", "{}") + "}]";
            case 5 -> "[{\"insert\":\"\"}]";
            case 6 -> "[{\"insert\":" + pick("5", "true", "null", "[]", "[\"x\"]", "-1") + "}]";
            case 7 -> "[{\"insert\":\"x\",\"attributes\":" + pick("5", "\"bold\"", "[]", "true", "[{\"b\":1}]") + "}]";
            case 8 -> "[" + pick("5", "\"x\"", "null", "[]", "{}", "{\"foo\":1}", "{\"insert\":\"x\",\"delete\":1}",
                    "{\"retain\":1,\"delete\":1}", "{\"attributes\":{\"bold\":true}}") + "]";
            case 9 -> pick("\"x\"", "5", "true", "{\"ops\":\"x\"}", "{\"ops\":5}", "{\"ops\":[5]}", "{\"ops\":{}}",
                    "{\"ops\":[{\"delete\":0}]}");
            case 10 -> "[{\"insert\":\"\\ud800\"},{\"retain\":" + past + "}]";
            case 11 -> "[{\"insert\":" + embed() + "},{\"delete\":" + past + "}]";
            case 12 -> "[{\"retain\":" + targetLength + "},{\"retain\":1,\"attributes\":{\"bold\":null}}]";
            case 13 -> "[{\"insert\":\"abc\"},{\"retain\":" + (targetLength - 1) + "},{\"delete\":" + 2 + "}]";
            case 14 -> "[{\"delete\":" + (targetLength - 1) + "},{\"retain\":" + 2 + ",\"attributes\":{\"i\":1}}]";
            default -> "[" + pick("{\"retain\":" + past + "}", "{\"delete\":0}", "{\"retain\":-5}") + ","
                    + pick("{\"insert\":\"y\"}", "{\"insert\":{\"image\":\"a.png\"}}") + "]";
        };
        return random.nextInt(4) == 0 && bad.startsWith("[") ? "{\"ops\":" + bad + "}" : bad;
    }

    private String embed() {
        return pick("{}", "{\"image\":\"a.png\"}", "{\"image\":5}", "{\"image\":null}", "{\"a\":1,\"b\":2}",
                "{\"image\":{\"nested\":[1,2]}}", "{\"\":\"\"}");
    }

    /** Ops on a scratch document whose validity the fuzzer does not judge; creates and deletes too. */
    private String doubtful() {
        String doc = scratchPrefix + random.nextInt(4);
        String v = pick("null", "0", "1", "2", String.valueOf(random.nextInt(50)));
        return switch (random.nextInt(8)) {
            case 0 -> "{\"a\":\"op\",\"c\":" + q(collection) + ",\"d\":" + q(doc) + ",\"v\":0,\"seq\":"
                    + (1 + random.nextInt(1000)) + ",\"create\":{\"type\":" + pick("\"rich-text\"",
                    "\"http://sharejs.org/types/rich-text/v1\"", "\"json0\"", "\"text\"", "5", "null") + ",\"data\":"
                    + pick("{\"ops\":[{\"insert\":\"hi\\n\"}]}", "[{\"insert\":\"a\"}]", "[{\"retain\":3}]", "5", "null",
                    "[{\"insert\":\"\\udc00\"}]", "{\"ops\":[{\"insert\":" + embed() + "}]}") + "}}";
            case 1 -> "{\"a\":\"op\",\"c\":" + q(collection) + ",\"d\":" + q(doc) + ",\"v\":" + v + ",\"seq\":"
                    + (1 + random.nextInt(1000)) + ",\"del\":" + pick("true", "false", "1", "null") + "}";
            case 2 -> submit(doc, v, "[{\"insert\":\"" + pick("\\ud800", "\\udfff", "a\\ud83d", "\\ude00b",
                    "\\u0000", "\\uffff", "\\ud83d\\ude00") + "\"}]");
            case 3 -> submit(doc, v, "[{\"insert\":" + embed() + "}]");
            case 4 -> submit(doc, v, pick("[]", "{\"ops\":[]}", "[{\"retain\":1}]", "[{\"retain\":{\"image\":1}}]"));
            case 5 -> submit(doc, v, "[{\"insert\":\"x\",\"attributes\":" + pick("{}", "{\"bold\":null}",
                    "{\"b\":[1]}", "{\"b\":{\"c\":{\"d\":1}}}", "{\"\":1}") + "}]");
            case 6 -> submit(doc, v, "[{\"retain\":1},{\"delete\":1},{\"insert\":\"z\"}]");
            default -> submit(doc, v, invalidOp());
        };
    }

    private String submit(String doc, String v, String op) {
        return "{\"a\":\"op\",\"c\":" + q(collection) + ",\"d\":" + q(doc) + ",\"v\":" + v + ",\"seq\":"
                + (1 + random.nextInt(1_000_000)) + (random.nextInt(4) == 0 ? ",\"src\":\"fuzz\"" : "") + ",\"op\":"
                + op + "}";
    }

    private String version() {
        return random.nextInt(3) == 0 ? "null" : String.valueOf(targetVersion);
    }

    // ---- other frames

    /** A request of any action with one field replaced by a value of a wrong type. */
    private String wrongTypes() {
        String action = pick(ACTIONS);
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"a", q(action)});
        fields.add(new String[] {"c", q(collection)});
        switch (action) {
            case "op" -> {
                fields.add(new String[] {"d", q(targetDoc)});
                fields.add(new String[] {"v", String.valueOf(targetVersion)});
                fields.add(new String[] {"seq", "1"});
                fields.add(new String[] {"src", "\"fuzz\""});
                fields.add(new String[] {"op", invalidOp()});
            }
            case "bf", "bs", "bu" -> fields.add(new String[] {"b", "[" + q(targetDoc) + "]"});
            case "qf", "qs", "qu" -> {
                fields.add(new String[] {"id", "1"});
                fields.add(new String[] {"q", "{}"});
            }
            case "p" -> {
                fields.add(new String[] {"ch", q(collection + "." + targetDoc)});
                fields.add(new String[] {"id", "\"pres\""});
                fields.add(new String[] {"p", "{\"index\":0,\"length\":1}"});
                fields.add(new String[] {"pv", "1"});
                fields.add(new String[] {"d", q(targetDoc)});
                fields.add(new String[] {"v", "1"});
                fields.add(new String[] {"t", "\"rich-text\""});
            }
            case "ps", "pu", "pr" -> {
                fields.add(new String[] {"ch", q(collection + "." + targetDoc)});
                fields.add(new String[] {"seq", "1"});
            }
            case "hs" -> {
                fields.add(new String[] {"id", "null"});
                fields.add(new String[] {"protocol", "1"});
                fields.add(new String[] {"protocolMinor", "2"});
            }
            case "nf", "nt" -> {
                fields.add(new String[] {"id", "1"});
                fields.add(new String[] {"d", q(targetDoc)});
                fields.add(new String[] {"v", "1"});
            }
            default -> {
                fields.add(new String[] {"d", q(targetDoc)});
                fields.add(new String[] {"v", "1"});
            }
        }
        String[] victim = fields.get(random.nextInt(fields.size()));
        if ("op".equals(action) && "op".equals(victim[0])) {
            // Not [] or {}: an empty op on the target would be a valid no-op.
            victim[1] = random.nextInt(8) == 0 ? null : pick("null", "true", "5", "\"x\"", "1.5", "[1,2]", "[null]",
                    "{\"ops\":5}", "\"\\ud800\"");
        } else {
            victim[1] = random.nextInt(8) == 0 ? null : pick(WRONG_VALUES);
        }
        StringBuilder b = new StringBuilder("{");
        for (String[] f : fields) {
            if (f[1] == null) {
                continue;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(q(f[0])).append(':').append(f[1]);
        }
        return b.append('}').toString();
    }

    private String otherAction() {
        String c = q(collection);
        String d = q(random.nextBoolean() ? targetDoc : scratchPrefix + random.nextInt(4));
        return switch (random.nextInt(10)) {
            case 0 -> "{\"a\":\"f\",\"c\":" + c + ",\"d\":" + d + ",\"v\":" + pick("0", "1", "100", "-1", "null") + "}";
            case 1 -> "{\"a\":\"s\",\"c\":" + c + ",\"d\":" + d + "}";
            case 2 -> "{\"a\":\"u\",\"c\":" + c + ",\"d\":" + d + "}";
            case 3 -> "{\"a\":\"" + pick("bf", "bs", "bu") + "\",\"c\":" + c + ",\"b\":" + pick("[" + d + "]",
                    "{" + d + ":" + pick("0", "1", "-1", "1e9") + "}", "[]", "{}", "[5,null]") + "}";
            case 4 -> "{\"a\":\"" + pick("nf", "nt") + "\",\"id\":" + random.nextInt(100) + ",\"c\":" + c + ",\"d\":" + d
                    + "," + pick("\"v\"", "\"ts\"") + ":" + pick("0", "1", "null", "-5", "1e18") + "}";
            case 5 -> "{\"a\":\"" + pick("qf", "qs") + "\",\"id\":" + random.nextInt(100) + ",\"c\":" + c + ",\"q\":"
                    + pick("{}", "{\"$where\":\"1\"}", "null", "[1]") + "}";
            case 6 -> "{\"a\":\"p\",\"ch\":" + q(collection + "." + targetDoc) + ",\"id\":\"pr\",\"p\":"
                    + pick("{\"index\":0,\"length\":1}", "{\"index\":-1,\"length\":1e9}", "null", "5",
                    "{\"index\":\"x\"}") + ",\"pv\":" + random.nextInt(5) + ",\"c\":" + c + ",\"d\":" + d + ",\"v\":"
                    + pick("0", "1", "99") + ",\"t\":\"http://sharejs.org/types/rich-text/v1\"}";
            case 7 -> "{\"a\":\"" + pick("ps", "pu", "pr") + "\",\"ch\":" + pick(q(collection + "." + targetDoc),
                    "\"\"", "5") + ",\"seq\":" + random.nextInt(5) + "}";
            case 8 -> "{\"a\":\"pp\",\"x\":" + pick(WRONG_VALUES) + "}";
            default -> "{\"a\":\"pp\"}";
        };
    }

    private Frame flood() {
        int n = 20 + random.nextInt(280);
        List<String> texts = new ArrayList<>(n);
        String one = random.nextBoolean() ? "{\"a\":\"pp\"}"
                : "{\"a\":\"f\",\"c\":" + q(collection) + ",\"d\":" + q(targetDoc) + "}";
        for (int i = 0; i < n; i++) {
            texts.add(one);
        }
        return new Frame(Kind.FLOOD, texts, null);
    }

    private String oversized() {
        String head = "{\"a\":\"op\",\"c\":" + q(collection) + ",\"d\":" + q(targetDoc) + ",\"v\":" + targetVersion
                + ",\"seq\":1,\"op\":[{\"retain\":" + (targetLength + 1) + "},{\"insert\":\"";
        String tail = "\"}]}";
        int fill = maxMessageChars + 1 + random.nextInt(64) - head.length() - tail.length();
        return head + "x".repeat(Math.max(1, fill)) + tail;
    }

    private String malformed() {
        String valid = random.nextBoolean() ? submit(targetDoc, version(), invalidOp())
                : "{\"a\":\"f\",\"c\":" + q(collection) + ",\"d\":" + q(targetDoc) + "}";
        return switch (random.nextInt(6)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + "}";
            case 2 -> valid.replace("\"a\":", "a:");
            case 3 -> valid.replace(",", ",,");
            case 4 -> "{\"a\":\"op\"" + pick(",", ":", "'x'", ",\"c\":\"unterminated", ",\"v\":01", ",\"v\":NaN");
            default -> pick("{", "", " ", "}{", "{}}", "{\"a\":\"pp\"}{\"a\":\"pp\"}", "\u0000", "{\"a\":\"pp\",}");
        };
    }

    private String randomText() {
        byte[] bytes = randomBytes(1 + random.nextInt(200));
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        // A leading letter keeps it from being a valid JSON value (a lone digit string would be one).
        return "x" + s;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Frame text(Kind kind, String text) {
        return new Frame(kind, List.of(text), null);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** A JSON string literal. */
    static String q(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
