package io.quire.server.content;

/**
 * Escaping for HTML and XML text and attribute values.
 *
 * <p>XML 1.0 forbids most control characters, U+FFFE/U+FFFF and unpaired surrogates even as references, so the
 * XML form drops them: an EPUB reader rejects a file with one. HTML parsers accept them, so the HTML form keeps
 * them (a round trip through {@link DeltaHtml} then loses nothing). U+00A0 is written as a reference in both so a
 * reader of the source can see it; {@code &nbsp;} is not predefined in XML, hence {@code &#160;} there.
 */
final class Markup {
    private Markup() {
    }

    static String text(String s, boolean xml) {
        return escape(s, xml, false);
    }

    static String attribute(String s, boolean xml) {
        return escape(s, xml, true);
    }

    static void appendText(StringBuilder out, String s, boolean xml) {
        escapeInto(out, s, xml, false);
    }

    static void appendAttribute(StringBuilder out, String s, boolean xml) {
        escapeInto(out, s, xml, true);
    }

    private static String escape(String s, boolean xml, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        escapeInto(out, s, xml, attribute);
        return out.toString();
    }

    private static void escapeInto(StringBuilder out, String s, boolean xml, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\u00A0' -> out.append(xml ? "&#160;" : "&nbsp;");
                default -> {
                    if (!xml) {
                        out.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (isXmlChar(c)) {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** A character XML 1.0 allows on its own (surrogate pairs are handled by the caller). */
    private static boolean isXmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
    }
}
