package io.quire.server.history;

/**
 * What one author did between two versions of a chapter.
 *
 * @param author  who
 * @param ops     ops they committed in the range
 * @param changes units they inserted, deleted and re-formatted in the range
 * @param present change in the number of their units in the chapter (negative when more of their text was
 *                deleted, by anyone, than they added)
 */
public record AuthorChange(String author, long ops, ChangeCounts changes, long present) {
}
