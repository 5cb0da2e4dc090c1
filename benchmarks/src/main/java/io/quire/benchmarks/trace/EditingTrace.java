package io.quire.benchmarks.trace;

import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;

import java.util.List;

/**
 * A sequential editing trace (see {@code shared/traces/FORMAT.md}) turned into deltas: one delta per
 * transaction, as an editor would send it. Each patch {@code [pos, delCount, text]} becomes
 * retain(pos), delete(delCount), insert(text); the patches of one transaction are composed.
 *
 * @param name         the trace's file name, for reports
 * @param startContent the document before the first edit
 * @param endContent   what the document must be after the last edit
 * @param edits        the transactions as deltas, in order
 * @param patches      how many patches the transactions held
 */
public record EditingTrace(String name, String startContent, String endContent, List<Delta> edits, int patches) {

    /** One patch as a delta: keep {@code position} units, delete {@code deleted}, insert {@code text}. */
    static Delta patch(int position, int deleted, String text) {
        return new DeltaBuilder(3).retain(position).delete(deleted).insert(text).build();
    }
}
