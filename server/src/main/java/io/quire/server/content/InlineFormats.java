package io.quire.server.content;

import io.quire.ot.AttributeMap;
import org.jsoup.nodes.Element;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The inline formats an HTML element adds to those around it: {@code <strong>/<b>} bold, {@code <em>/<i>} italic,
 * {@code <u>/<ins>} underline, {@code <s>/<strike>/<del>} strike, {@code <code>/<kbd>/<samp>/<tt>} code,
 * {@code <a href>} link (when {@link Formats#isSafeLink} allows it), {@code <sub>/<sup>} script, and from a
 * {@code style} attribute color, background(-color), font-weight, font-style, text-decoration and vertical-align,
 * which is how Quill, Google Docs and Word paste formats. Every other attribute is ignored.
 */
final class InlineFormats {
    private InlineFormats() {
    }

    static AttributeMap of(Element element, String name, AttributeMap outer) {
        Map<String, Object> added = new LinkedHashMap<>();
        switch (name) {
            case "strong", "b" -> added.put(Formats.BOLD, true);
            case "em", "i" -> added.put(Formats.ITALIC, true);
            case "u", "ins" -> added.put(Formats.UNDERLINE, true);
            case "s", "strike", "del" -> added.put(Formats.STRIKE, true);
            case "code", "kbd", "samp", "tt" -> added.put(Formats.CODE, true);
            case "sub" -> added.put(Formats.SCRIPT, "sub");
            case "sup" -> added.put(Formats.SCRIPT, "super");
            case "a" -> {
                String href = element.attr("href").trim();
                if (Formats.isSafeLink(href)) {
                    added.put(Formats.LINK, href);
                }
            }
            case "font" -> {
                String color = element.attr("color").trim();
                if (Formats.isSafeColor(color)) {
                    added.put(Formats.COLOR, color);
                }
            }
            default -> { }
        }
        fromStyle(style(element), added);
        if (added.isEmpty()) {
            return outer;
        }
        Map<String, Object> merged = new LinkedHashMap<>(outer.asMap());
        added.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return AttributeMap.of(merged);
    }

    /** A value of null in {@code added} takes the format away, as {@code font-weight: normal} does. */
    private static void fromStyle(Map<String, String> style, Map<String, Object> added) {
        if (style.isEmpty()) {
            return;
        }
        String color = style.get("color");
        if (Formats.isSafeColor(color)) {
            added.put(Formats.COLOR, color);
        }
        String background = style.getOrDefault("background-color", style.get("background"));
        if (Formats.isSafeColor(background)) {
            added.put(Formats.BACKGROUND, background);
        }
        String weight = style.get("font-weight");
        if (weight != null) {
            if (weight.equals("bold") || weight.equals("bolder") || weight.matches("[6-9]00")) {
                added.put(Formats.BOLD, true);
            } else if (weight.equals("normal") || weight.equals("400")) {
                added.put(Formats.BOLD, null);
            }
        }
        if ("italic".equals(style.get("font-style"))) {
            added.put(Formats.ITALIC, true);
        }
        String decoration = style.getOrDefault("text-decoration-line", style.getOrDefault("text-decoration", ""));
        if (decoration.contains("underline")) {
            added.put(Formats.UNDERLINE, true);
        }
        if (decoration.contains("line-through")) {
            added.put(Formats.STRIKE, true);
        }
        String align = style.get("vertical-align");
        if ("sub".equals(align) || "super".equals(align)) {
            added.put(Formats.SCRIPT, align);
        }
    }

    /** The element's {@code style} declarations: lower-case property to trimmed value, {@code !important} cut. */
    static Map<String, String> style(Element element) {
        String style = element.attr("style");
        if (style.isEmpty()) {
            return Map.of();
        }
        Map<String, String> declarations = new LinkedHashMap<>();
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon > 0) {
                String value = declaration.substring(colon + 1).trim();
                if (value.toLowerCase(Locale.ROOT).endsWith("!important")) {
                    value = value.substring(0, value.length() - 10).trim();
                }
                declarations.put(declaration.substring(0, colon).trim().toLowerCase(Locale.ROOT), value);
            }
        }
        return declarations;
    }
}
