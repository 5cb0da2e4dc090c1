package io.quire.server.content;

import io.quire.ot.AttributeMap;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The formats the content converters understand, and the value checks that keep hostile values out of HTML.
 *
 * <p>Inline formats: {@code bold, italic, underline, strike, code} (true), {@code link} (URL string),
 * {@code color, background} (CSS colour), {@code script} ("sub" | "super"); images may also carry {@code alt}.
 * Embeds: {@code {"image": url}}, {@code {"video": url}}, {@code {"formula": tex}}. Line formats are in
 * {@link LineFormat}.
 *
 * <p>The checks run in both directions. A document reaches the server through ops any client can send, so
 * exporting it is as exposed as importing pasted HTML: a {@code javascript:} link or a colour such as
 * {@code red;background:url(…)} is dropped either way, never escaped and kept.
 */
final class Formats {
    static final String BOLD = "bold";
    static final String ITALIC = "italic";
    static final String UNDERLINE = "underline";
    static final String STRIKE = "strike";
    static final String CODE = "code";
    static final String LINK = "link";
    static final String COLOR = "color";
    static final String BACKGROUND = "background";
    static final String SCRIPT = "script";
    static final String ALT = "alt";

    static final String IMAGE = "image";
    static final String VIDEO = "video";
    static final String FORMULA = "formula";

    private static final Set<String> BOOLEAN_INLINE = Set.of(BOLD, ITALIC, UNDERLINE, STRIKE, CODE);
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.\\-]*):");
    /** Hex, a bare keyword, or an rgb()/hsl() function of numbers: nothing that can end the declaration. */
    private static final Pattern COLOR_VALUE = Pattern.compile(
            "#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(?:rgba?|hsla?)\\([0-9.,%/\\sdeg+\\-]{1,60}\\)");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+#.\\-]{0,39}");

    private Formats() {
    }

    /** The inline formats of a text insert that the converters support, with unsafe or malformed values dropped. */
    static AttributeMap inline(AttributeMap attributes) {
        if (attributes.isEmpty()) {
            return attributes;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (isValidInline(key, value)) {
                kept.put(key, value);
            }
        });
        return kept.size() == attributes.size() ? attributes : AttributeMap.of(kept);
    }

    /** The formats an embed keeps: inline formats for images and formulas (plus an image's alt text), none for video. */
    static AttributeMap embed(String type, AttributeMap attributes) {
        if (VIDEO.equals(type) || attributes.isEmpty()) {
            return AttributeMap.EMPTY;
        }
        Map<String, Object> kept = new LinkedHashMap<>(inline(attributes).asMap());
        if (IMAGE.equals(type) && attributes.get(ALT) instanceof String alt && !alt.isEmpty()) {
            kept.put(ALT, alt);
        }
        return AttributeMap.of(kept);
    }

    private static boolean isValidInline(String key, Object value) {
        if (BOOLEAN_INLINE.contains(key)) {
            return Boolean.TRUE.equals(value);
        }
        return switch (key) {
            case LINK -> value instanceof String url && isSafeLink(url);
            case COLOR, BACKGROUND -> value instanceof String color && isSafeColor(color);
            case SCRIPT -> "sub".equals(value) || "super".equals(value);
            default -> false;
        };
    }

    /** http, https, mailto, or a relative URL (no scheme). */
    static boolean isSafeLink(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        String scheme = scheme(url);
        return scheme == null || LINK_SCHEMES.contains(scheme);
    }

    /** An absolute http(s) URL or a {@code data:image/…} URL. */
    static boolean isSafeImage(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        String scheme = scheme(url);
        if ("data".equals(scheme)) {
            return stripControls(url).toLowerCase(Locale.ROOT).startsWith("data:image/");
        }
        return scheme != null && WEB_SCHEMES.contains(scheme);
    }

    /** An absolute http(s) URL: an iframe from anywhere else could run script in the page. */
    static boolean isSafeVideo(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        String scheme = scheme(url);
        return scheme != null && WEB_SCHEMES.contains(scheme);
    }

    static boolean isSafeColor(String color) {
        return color != null && COLOR_VALUE.matcher(color).matches();
    }

    static boolean isSafeLanguage(String language) {
        return language != null && LANGUAGE.matcher(language).matches();
    }

    /**
     * The URL's scheme in lower case, or null when it has none. Browsers ignore tabs and newlines anywhere in a URL
     * and controls and spaces around it, so {@code "java\tscript:"} is a javascript: URL: those go before reading.
     */
    private static String scheme(String url) {
        Matcher m = SCHEME.matcher(stripControls(url));
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static String stripControls(String url) {
        StringBuilder cleaned = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c > ' ' && c != '\u007F') {
                cleaned.append(c);
            }
        }
        return cleaned.toString();
    }
}
