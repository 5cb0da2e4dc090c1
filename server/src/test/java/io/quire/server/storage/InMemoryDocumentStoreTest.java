package io.quire.server.storage;

/** The contract on the in-memory store that other tests use in place of RocksDB. */
class InMemoryDocumentStoreTest extends DocumentStoreContract {
    @Override
    protected DocumentStore createStore() {
        return new InMemoryDocumentStore();
    }
}
