package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.Embed;
import io.quire.ot.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * A document Delta cut into what the block-level writers need: {@link Line}s (inline content and the formats of
 * the line's "\n") and {@link BlockVideo}s.
 *
 * <p>Quill makes a video a block of its own, between lines, with no "\n" after it; so a video at the start of a
 * line becomes a {@code BlockVideo}, and one in the middle of a line (which only a hand-made delta has) stays an
 * inline segment. Formats are checked here once ({@link Formats}, {@link LineFormat}): unknown formats and embeds,
 * and unsafe URLs, never reach a writer. Neighbouring text whose checked formats are equal is merged.
 */
final class DocumentLines {

    sealed interface Block permits Line, BlockVideo {
    }

    /** Text (a String) or an {@link Embed}, with its checked formats. */
    record Segment(Object content, AttributeMap attributes) {
        boolean isText() {
            return content instanceof String;
        }

        String text() {
            return (String) content;
        }

        Embed embed() {
            return (Embed) content;
        }

        /** The embed's type, or null for text. */
        String embedType() {
            return content instanceof Embed embed ? embed.type() : null;
        }

        /** The embed's value as a string: an image's or video's URL, a formula's source. */
        String embedValue() {
            return (String) embed().asMap().get(embedType());
        }
    }

    record Line(List<Segment> segments, LineFormat format) implements Block {
        boolean isEmpty() {
            return segments.isEmpty();
        }

        /** The line's text, embeds left out; code blocks show only this. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (Segment segment : segments) {
                if (segment.isText()) {
                    text.append(segment.text());
                }
            }
            return text.toString();
        }
    }

    record BlockVideo(String url) implements Block {
    }

    private DocumentLines() {
    }

    /** Splits {@code document}; a last line without its "\n" becomes a plain paragraph. */
    static List<Block> split(Delta document) {
        if (!document.isDocument()) {
            throw new IllegalArgumentException("expected a document (inserts only), got a change: " + document);
        }
        Splitter splitter = new Splitter();
        for (Op op : document.ops()) {
            Op.Insert insert = (Op.Insert) op;
            if (!insert.isText()) {
                splitter.embed(insert.embed(), insert.attributes());
                continue;
            }
            String text = insert.text();
            AttributeMap inline = Formats.inline(insert.attributes());
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                splitter.text(text, start, nl, inline);
                splitter.endLine(LineFormat.of(insert.attributes()));
                start = nl + 1;
            }
            splitter.text(text, start, text.length(), inline);
        }
        splitter.flushText();
        if (!splitter.line.isEmpty()) {
            splitter.endLine(LineFormat.PARAGRAPH);
        }
        return splitter.blocks;
    }

    /**
     * Collects text with equal formats in one builder, so a paragraph cut into many ops (by formats the converters
     * drop, such as authorship) costs linear time.
     */
    private static final class Splitter {
        final List<Block> blocks = new ArrayList<>();
        final List<Segment> line = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        AttributeMap textFormats = AttributeMap.EMPTY;

        void text(String source, int from, int to, AttributeMap formats) {
            if (from == to) {
                return;
            }
            if (text.length() > 0 && !formats.equals(textFormats)) {
                flushText();
            }
            textFormats = formats;
            text.append(source, from, to);
        }

        void flushText() {
            if (text.length() > 0) {
                line.add(new Segment(text.toString(), textFormats));
                text.setLength(0);
            }
        }

        void endLine(LineFormat format) {
            flushText();
            blocks.add(new Line(List.copyOf(line), format));
            line.clear();
        }

        void embed(Embed embed, AttributeMap attributes) {
            String type = embed.type();
            if (!(embed.asMap().get(type) instanceof String value)) {
                return;
            }
            boolean valid = switch (type) {
                case Formats.IMAGE -> Formats.isSafeImage(value);
                case Formats.VIDEO -> Formats.isSafeVideo(value);
                case Formats.FORMULA -> !value.isEmpty();
                default -> false;
            };
            if (!valid) {
                return;
            }
            flushText();
            if (Formats.VIDEO.equals(type) && line.isEmpty()) {
                blocks.add(new BlockVideo(value));
            } else {
                line.add(new Segment(embed, Formats.embed(type, attributes)));
            }
        }
    }
}
