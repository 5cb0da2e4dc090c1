package io.quire.server.content;

import io.quire.ot.AttributeMap;
import org.jsoup.nodes.Element;

import java.util.Locale;

/**
 * The block formats in force while {@link HtmlReader} walks an element: what the next "\n" gets. Each block element
 * refines its parent's: {@code <h1>}-{@code <h6>}, {@code <blockquote>} and {@code <li>} set the line's kind,
 * {@code <ul>/<ol>} count the list depth that becomes a list item's indent, and classes ({@code ql-align-*},
 * {@code ql-indent-*}) or {@code text-align} set align and indent; the innermost kind wins.
 *
 * @param listType the type of items in the innermost list ({@code <ol>} ordered, else bullet or a checklist type)
 */
record BlockContext(LineFormat.Kind kind, Object value, String align, int indent, int listDepth, String listType) {
    static final BlockContext ROOT = new BlockContext(LineFormat.Kind.PARAGRAPH, null, null, 0, 0, "bullet");

    AttributeMap lineAttributes() {
        LineFormat format = kind == LineFormat.Kind.CODE
                ? new LineFormat(kind, value, null, 0)
                : new LineFormat(kind, value, align, Math.min(indent, LineFormat.MAX_INDENT));
        return format.toAttributes();
    }

    static BlockContext of(Element element, String name, BlockContext parent) {
        String align = align(element);
        int indent = indent(element);
        BlockContext inherited = new BlockContext(parent.kind(), parent.value(), align != null ? align : parent.align(),
                indent > 0 ? indent : parent.indent(), parent.listDepth(), parent.listType());
        return switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> new BlockContext(LineFormat.Kind.HEADER, (long) (name.charAt(1) - '0'),
                    inherited.align(), inherited.indent(), parent.listDepth(), parent.listType());
            case "blockquote" -> new BlockContext(LineFormat.Kind.BLOCKQUOTE, Boolean.TRUE, inherited.align(),
                    inherited.indent(), parent.listDepth(), parent.listType());
            case "ul", "ol" -> new BlockContext(parent.kind(), parent.value(), parent.align(), parent.indent(),
                    parent.listDepth() + 1, name.equals("ol") ? "ordered" : checkedAttribute(element, "bullet"));
            case "li" -> new BlockContext(LineFormat.Kind.LIST, itemType(element, parent.listType()), align,
                    Math.max(0, parent.listDepth() - 1) + indent, parent.listDepth(), parent.listType());
            default -> inherited;
        };
    }

    /** Quill 2's {@code data-list}, Quill 1's {@code data-checked}, or a leading checkbox (GFM task lists). */
    private static String itemType(Element item, String listType) {
        String dataList = item.attr("data-list");
        if (LineFormat.LIST_TYPES.contains(dataList)) {
            return dataList;
        }
        Element first = item.firstElementChild();
        if (first != null && first.normalName().equals("p")) {
            first = first.firstElementChild();
        }
        if (first != null && first.normalName().equals("input") && first.attr("type").equalsIgnoreCase("checkbox")) {
            return first.hasAttr("checked") ? "checked" : "unchecked";
        }
        return checkedAttribute(item, listType);
    }

    private static String checkedAttribute(Element element, String otherwise) {
        return switch (element.attr("data-checked")) {
            case "true" -> "checked";
            case "false" -> "unchecked";
            default -> otherwise;
        };
    }

    private static String align(Element element) {
        for (String name : element.classNames()) {
            if (name.startsWith("ql-align-") && LineFormat.ALIGNS.contains(name.substring(9))) {
                return name.substring(9);
            }
        }
        String value = InlineFormats.style(element).get("text-align");
        if (value == null) {
            value = element.attr("align").toLowerCase(Locale.ROOT);
        }
        return LineFormat.ALIGNS.contains(value) ? value : null;
    }

    private static int indent(Element element) {
        for (String name : element.classNames()) {
            if (name.length() == 11 && name.startsWith("ql-indent-")) {
                int n = name.charAt(10) - '0';
                if (n >= 1 && n <= LineFormat.MAX_INDENT) {
                    return n;
                }
            }
        }
        return 0;
    }

    /** Quill 2's {@code data-language}, CommonMark's {@code <code class="language-x">}, else true. */
    static Object codeLanguage(Element pre) {
        String language = pre.attr("data-language");
        if (Formats.isSafeLanguage(language)) {
            return language;
        }
        Element code = pre.firstElementChild();
        if (code != null && code.normalName().equals("code")) {
            for (String name : code.classNames()) {
                String candidate = name.startsWith("language-") ? name.substring(9) : name.startsWith("lang-") ? name.substring(5) : null;
                if (Formats.isSafeLanguage(candidate)) {
                    return candidate;
                }
            }
        }
        return Boolean.TRUE;
    }
}
