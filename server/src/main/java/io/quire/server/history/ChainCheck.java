package io.quire.server.history;

/**
 * The result of checking a chapter's tamper-evident chain.
 *
 * @param intact   true when every op's stored hash matches its recomputed hash
 * @param checked  how many ops were checked (all of them when intact)
 * @param brokenAt the first version whose op is missing, unreadable or does not match its hash; null if intact
 * @param reason   what is wrong at {@code brokenAt}; null if intact
 */
public record ChainCheck(boolean intact, long checked, Long brokenAt, String reason) {
}
