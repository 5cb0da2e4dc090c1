package io.quire.server.history;

import io.quire.ot.Delta;

/** A stretch of a chapter written by one author: its contents as a Delta of inserts, with their formatting. */
public record BlameRun(String author, int length, Delta content) {
}
