package io.quire.server.storage;

import java.util.Map;

/**
 * Small named records beside the documents: books with their members, invites, keys and webhooks. Records are few
 * and small next to op logs, so the whole set is read once at start and kept in memory by its owner.
 *
 * <p>Durability: when {@link #put} or {@link #delete} returns, the change survives a crash (a synced write), and
 * each call is atomic: a record is either wholly the old value or wholly the new one.
 */
public interface RecordStore {

    /** Stores {@code value} under {@code key}, replacing what was there. */
    void put(String key, byte[] value);

    /** Removes the record; removing a missing one does nothing. */
    void delete(String key);

    /** Every record whose key starts with {@code prefix}, in key order. */
    Map<String, byte[]> scan(String prefix);
}
