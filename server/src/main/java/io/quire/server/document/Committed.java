package io.quire.server.document;

import java.util.List;

import io.quire.server.storage.StoredOp;

/**
 * The outcome of an accepted submission, once it is durable.
 *
 * @param version  the version the op was applied at (the ack's {@code v})
 * @param missed   the ops committed between the submission's base version and {@code version} that the
 *                 submitter has not been sent (empty when it is subscribed): it must get them before the ack
 * @param duplicate true when the op had been committed before (a resubmit after reconnecting): acknowledged
 *                 again, not applied twice
 */
public record Committed(long version, List<StoredOp> missed, boolean duplicate) {
}
