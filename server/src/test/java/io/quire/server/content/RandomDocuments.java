package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.Embed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random documents over the formats the converters support, for seeded round-trip properties. A document is one
 * Quill could hold: line formats only on "\n", inline formats only on text and embeds, code lines plain text.
 * Text comes from tokens chosen to hurt: markup characters of HTML and Markdown, runs of spaces and tabs at the
 * edges of lines, no-break spaces, emoji (surrogate pairs), and text that looks like markup.
 */
final class RandomDocuments {
    /** Which formats a document may use. */
    enum Profile { HTML, MARKDOWN }

    private static final List<String> TOKENS = List.of("a", "Hello", "world", "x1", "42", " ", " ", " ", "  ", "\t",
            "<", ">", "&", "\"", "'", "*", "**", "_", "`", "```", "[", "]", "#", "\\", "~", "!", "-", "+", "1.", "2)",
            "&amp;", "<b>", "</p>", "&lt;", "😀", "👍🏽", "é", "中文", "\u00A0", "(", ")", ".", "=", "|", "{", "}", "$",
            "[ ] ", "[x] ", "---", "> ", "# ", "<!--", "http://x.y", ":", ";", "/");
    private static final List<String> CODE_TOKENS = List.of("int x = 1;", "if (a < b && c > d) {", "  ", "\t",
            "}", "`", "```", "~~~", "<script>", "&amp;", "😀", "\\", "# not a heading", "- not a list", " ");
    private static final List<String> LINKS = List.of("https://example.com/a?b=1&c=2", "/relative/path", "#anchor",
            "mailto:someone@example.com", "https://example.com/a_(b)", "page.html", "https://example.com/sp ace",
            "http://example.com/\"quoted\"<>");
    private static final List<String> IMAGES = List.of("https://example.com/i.png", "data:image/png;base64,iVBORw0KGgo=",
            "http://example.com/a b(c).png");
    private static final List<String> COLORS = List.of("#ff0000", "red", "rgb(0, 128, 255)", "#abc");
    private static final List<String> LIST_TYPES = List.of("bullet", "ordered", "checked", "unchecked");
    private static final List<Object> CODE_VALUES = List.of(Boolean.TRUE, Boolean.TRUE, "javascript", "c++", "c#", "plain");

    private RandomDocuments() {
    }

    static Delta document(Random random, Profile profile) {
        DeltaBuilder doc = new DeltaBuilder();
        int lines = 1 + random.nextInt(12);
        int listIndent = 0;
        for (int i = 0; i < lines; i++) {
            if (profile == Profile.HTML && random.nextInt(20) == 0) {
                doc.insert(Embed.of("video", "https://www.youtube.com/embed/v" + random.nextInt(3)));
            }
            Map<String, Object> line = new LinkedHashMap<>();
            int kind = random.nextInt(100);
            boolean code = false;
            if (kind < 40) {
                // paragraph
            } else if (kind < 52) {
                line.put("header", (long) (1 + random.nextInt(6)));
            } else if (kind < 75) {
                line.put("list", pick(random, LIST_TYPES));
                // Mostly small steps, sometimes a jump of several levels, as pasted documents have.
                listIndent = random.nextInt(4) == 0 ? random.nextInt(5) : Math.max(0, Math.min(8, listIndent + random.nextInt(3) - 1));
                if (listIndent > 0) {
                    line.put("indent", (long) listIndent);
                }
            } else if (kind < 87) {
                line.put("blockquote", true);
            } else {
                line.put("code-block", pick(random, CODE_VALUES));
                code = true;
            }
            if (profile == Profile.HTML && !code) {
                if (random.nextInt(6) == 0) {
                    line.put("align", pick(random, List.of("center", "right", "justify")));
                }
                if (!line.containsKey("list") && random.nextInt(6) == 0) {
                    line.put("indent", (long) (1 + random.nextInt(8)));
                }
            }
            if (code) {
                int tokens = random.nextInt(4);
                for (int t = 0; t < tokens; t++) {
                    doc.insert(pick(random, CODE_TOKENS));
                }
            } else {
                lineContent(random, profile, doc);
            }
            doc.insert("\n", AttributeMap.of(line));
        }
        return doc.build();
    }

    private static void lineContent(Random random, Profile profile, DeltaBuilder doc) {
        int segments = random.nextInt(6);
        for (int s = 0; s < segments; s++) {
            int what = random.nextInt(20);
            if (what == 0) {
                Map<String, Object> attributes = inline(random, profile);
                if (random.nextBoolean()) {
                    attributes.put("alt", pick(random, List.of("A picture", "x <&> \"y\"", "😀")));
                }
                doc.insert(Embed.of("image", pick(random, IMAGES)), AttributeMap.of(attributes));
            } else if (what == 1 && profile == Profile.HTML) {
                doc.insert(Embed.of("formula", pick(random, List.of("e=mc^2", "x < y & \"z\""))), AttributeMap.of(inline(random, profile)));
            } else if (what == 2 && profile == Profile.HTML) {
                doc.insert(Embed.of("video", "https://player.example.com/v?id=1&t=2"));
            } else {
                StringBuilder text = new StringBuilder();
                int tokens = 1 + random.nextInt(4);
                for (int t = 0; t < tokens; t++) {
                    text.append(pick(random, TOKENS));
                }
                doc.insert(text.toString(), AttributeMap.of(inline(random, profile)));
            }
        }
    }

    private static Map<String, Object> inline(Random random, Profile profile) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (random.nextInt(3) != 0) {
            return attributes;
        }
        for (String format : List.of("bold", "italic", "strike", "code")) {
            if (random.nextInt(3) == 0) {
                attributes.put(format, true);
            }
        }
        if (random.nextInt(5) == 0) {
            attributes.put("link", pick(random, LINKS));
        }
        if (profile == Profile.HTML) {
            if (random.nextInt(4) == 0) {
                attributes.put("underline", true);
            }
            if (random.nextInt(5) == 0) {
                attributes.put("color", pick(random, COLORS));
            }
            if (random.nextInt(5) == 0) {
                attributes.put("background", pick(random, COLORS));
            }
            if (random.nextInt(6) == 0) {
                attributes.put("script", random.nextBoolean() ? "sub" : "super");
            }
        }
        return attributes;
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
