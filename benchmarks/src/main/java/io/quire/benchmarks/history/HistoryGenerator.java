package io.quire.benchmarks.history;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.server.storage.StoredOp;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A made-up but plausible chapter history, one op at a time: {@value #AUTHORS} authors take turns in bursts of
 * 20 to 200 ops; each burst starts at a random place in the text (or at its end) and is mostly typing there, one
 * character per op, with backspaces, word deletes, formatting of the text around the cursor (bold, italic, and
 * their removal), and now and then a paste or a deleted selection of a paragraph or so.
 *
 * <p>The mix is set so that the text grows by about 0.18 characters per op: a million ops end near 180,000
 * characters. The first op creates the chapter as a single newline, which every later op keeps at the end, as
 * Quill does. Deterministic for a seed. The generator tracks only the document's length, never its text, so it
 * costs little next to the server it feeds.
 */
final class HistoryGenerator {
    static final int AUTHORS = 6;

    private static final AttributeMap[] FORMATS = {
            AttributeMap.of("bold", true), AttributeMap.of("italic", true),
            AttributeMap.of("bold", null), AttributeMap.of("italic", null),
    };
    private static final String LETTERS = "etaoinshrdlcumwfgypbvkjxqz";

    private final SplittableRandom random;
    /** The document's length in UTF-16 units, the final newline included. */
    private int length;
    /** Where the current author types, 0 to length - 1 (before the final newline). */
    private int cursor;
    private int author = -1;
    private int burstLeft;
    private long made;
    private final long[] kinds = new long[Action.values().length];

    enum Action { CREATE, TYPE, BACKSPACE, DELETE_WORD, DELETE_SELECTION, FORMAT, PASTE }

    HistoryGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    static String authorName(int index) {
        return "author-" + (index + 1);
    }

    /** The next op, made on the document as the ops before it left it. */
    ChapterOp next() {
        if (made++ == 0) {
            length = 1;
            author = 0;
            burstLeft = burstLength();
            count(Action.CREATE);
            return new ChapterOp(StoredOp.Kind.CREATE, Delta.ofText("\n"), authorName(author));
        }
        if (burstLeft == 0) {
            int other = random.nextInt(AUTHORS - 1);
            author = other >= author ? other + 1 : other;
            burstLeft = burstLength();
            cursor = random.nextInt(10) < 4 ? length - 1 : random.nextInt(length);
        }
        burstLeft--;
        return new ChapterOp(StoredOp.Kind.EDIT, edit(), authorName(author));
    }

    /** The document's length after the ops made so far. */
    int length() {
        return length;
    }

    /** How many ops of each action were made, as "create 1, type 690123, ...". */
    String mix() {
        StringBuilder out = new StringBuilder();
        for (Action action : Action.values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(action.name().toLowerCase(Locale.ROOT)).append(' ').append(kinds[action.ordinal()]);
        }
        return out.toString();
    }

    private int burstLength() {
        return 20 + random.nextInt(181);
    }

    private Delta edit() {
        int roll = random.nextInt(1000);
        if (roll < 140 && cursor > 0) {
            return backspace();
        }
        if (roll < 200 && cursor > 0) {
            return deleteWord();
        }
        if (roll < 205 && length > 1) {
            return deleteSelection();
        }
        if (roll < 210) {
            return paste();
        }
        if (roll < 320 && length > 1) {
            return format();
        }
        return type();
    }

    private Delta type() {
        count(Action.TYPE);
        Delta delta = new DeltaBuilder(2).retain(cursor).insert(String.valueOf(keystroke())).build();
        cursor++;
        length++;
        return delta;
    }

    private Delta backspace() {
        count(Action.BACKSPACE);
        cursor--;
        length--;
        return new DeltaBuilder(2).retain(cursor).delete(1).build();
    }

    /** Ctrl+Backspace: 2 to 10 characters before the cursor. */
    private Delta deleteWord() {
        count(Action.DELETE_WORD);
        int n = Math.min(cursor, 2 + random.nextInt(9));
        cursor -= n;
        length -= n;
        return new DeltaBuilder(2).retain(cursor).delete(n).build();
    }

    /** A selected passage of 50 to 400 characters, deleted; the cursor lands where it was. */
    private Delta deleteSelection() {
        count(Action.DELETE_SELECTION);
        int start = random.nextInt(length - 1);
        int n = Math.min(length - 1 - start, 50 + random.nextInt(351));
        cursor = start;
        length -= n;
        return new DeltaBuilder(2).retain(start).delete(n).build();
    }

    /** 50 to 400 characters of text from elsewhere, at the cursor. */
    private Delta paste() {
        count(Action.PASTE);
        int n = 50 + random.nextInt(351);
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            text.append(keystroke());
        }
        Delta delta = new DeltaBuilder(2).retain(cursor).insert(text.toString()).build();
        cursor += n;
        length += n;
        return delta;
    }

    /** A format applied to (or removed from) 1 to 60 characters around the cursor, the final newline excluded. */
    private Delta format() {
        count(Action.FORMAT);
        int start = Math.max(0, cursor - random.nextInt(30));
        int n = Math.min(length - 1 - start, 1 + random.nextInt(60));
        if (n <= 0) {
            start = 0;
            n = length - 1;
        }
        return new DeltaBuilder(2).retain(start).retain(n, FORMATS[random.nextInt(FORMATS.length)]).build();
    }

    private char keystroke() {
        int roll = random.nextInt(100);
        if (roll < 17) {
            return ' ';
        }
        if (roll < 18) {
            return '\n';
        }
        if (roll < 20) {
            return '.';
        }
        // The smaller of two picks favours the frequent letters at the front, roughly as English text does.
        return LETTERS.charAt(Math.min(random.nextInt(LETTERS.length()), random.nextInt(LETTERS.length())));
    }

    private void count(Action action) {
        kinds[action.ordinal()]++;
    }
}
