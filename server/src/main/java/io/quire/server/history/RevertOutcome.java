package io.quire.server.history;

/**
 * What a restore or revert did.
 *
 * @param version the chapter's version after its op (the head, when there was nothing to change)
 * @param changed false when the chapter already was as asked, and no op was made
 */
public record RevertOutcome(long version, boolean changed) {
}
