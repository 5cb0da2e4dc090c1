package io.quire.server.history;

import io.quire.ot.AuthorRun;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.Op;
import io.quire.server.storage.Provenance;

import java.util.ArrayList;
import java.util.List;

/** A chapter's contents cut into runs by author. */
final class Blame {
    private Blame() {
    }

    /**
     * {@code content} (a document delta) split where the author changes, per {@code provenance}. One pass over
     * both: each insert is cut at the run boundaries that fall inside it.
     */
    static List<BlameRun> of(Delta content, Provenance provenance) {
        if (provenance.authorship().length() != content.length()) {
            // Not expected: authorship is kept with every op. Say so rather than cut the text at random places.
            throw new IllegalStateException("authorship covers " + provenance.authorship().length()
                    + " units but the contents have " + content.length());
        }
        List<AuthorRun> runs = provenance.authorship().runs();
        List<BlameRun> out = new ArrayList<>(runs.size());
        List<Op> ops = content.ops();
        int opIndex = 0;
        int offset = 0; // units of ops.get(opIndex) already used
        for (AuthorRun run : runs) {
            DeltaBuilder piece = new DeltaBuilder();
            int needed = run.length();
            while (needed > 0) {
                Op.Insert insert = (Op.Insert) ops.get(opIndex);
                int take = Math.min(needed, insert.length() - offset);
                if (insert.isText()) {
                    piece.insert(insert.text().substring(offset, offset + take), insert.attributes());
                } else {
                    piece.insert(insert.embed(), insert.attributes());
                }
                needed -= take;
                offset += take;
                if (offset == insert.length()) {
                    opIndex++;
                    offset = 0;
                }
            }
            out.add(new BlameRun(run.author(), run.length(), piece.build()));
        }
        return out;
    }
}
