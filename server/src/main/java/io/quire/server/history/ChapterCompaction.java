package io.quire.server.history;

import io.quire.server.storage.Compaction;
import io.quire.server.storage.DocKey;

/**
 * What compacting one chapter did.
 *
 * @param key        the chapter
 * @param compaction what changed in the store ({@link Compaction#NONE} when nothing was foldable)
 * @param skipped    why the chapter was left alone, or null
 */
public record ChapterCompaction(DocKey key, Compaction compaction, String skipped) {
}
