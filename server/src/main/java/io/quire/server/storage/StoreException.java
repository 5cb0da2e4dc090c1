package io.quire.server.storage;

/**
 * The store could not read or write (a disk or RocksDB error), as opposed to a refused commit, which is an
 * {@link IllegalArgumentException}. The caller cannot fix it by changing its request; it may retry later.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
