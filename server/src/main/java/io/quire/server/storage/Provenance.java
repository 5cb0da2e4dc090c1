package io.quire.server.storage;

import io.quire.ot.Authorship;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a chapter's history says at one version, beyond its contents: the author of every character, what each
 * author has done so far, who made the latest op and when (edit sessions continue across it), and the hash at the
 * end of the tamper-evident chain. Kept in every snapshot, so none of it is recomputed from the whole history.
 *
 * <p>Immutable by contract: the {@link Authorship} held here is a copy nobody else mutates.
 *
 * @param authorship    the author of each unit of the contents
 * @param tallies       per author, in order of first appearance
 * @param lastAuthor    author of the latest op, or null before the first
 * @param lastTimestamp epoch ms of the latest op, 0 before the first
 * @param chainHash     hash of the latest op (hex), or null before the first op or when unknown
 */
public record Provenance(Authorship authorship, Map<String, AuthorTally> tallies, String lastAuthor, long lastTimestamp,
                         String chainHash) {
    /** The author of characters whose author is not recorded (stored before authorship was kept). */
    public static final String UNKNOWN_AUTHOR = "(unknown)";

    public static final Provenance EMPTY = new Provenance(new Authorship(), Map.of(), null, 0, null);

    public Provenance {
        Objects.requireNonNull(authorship, "authorship");
        tallies = Collections.unmodifiableMap(new LinkedHashMap<>(tallies));
    }

    /** Provenance of contents of {@code length} units nobody recorded the history of. */
    public static Provenance unknown(int length) {
        return new Provenance(Authorship.unknown(length, UNKNOWN_AUTHOR), Map.of(), null, 0, null);
    }
}
