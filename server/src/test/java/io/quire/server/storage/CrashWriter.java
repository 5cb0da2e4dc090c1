package io.quire.server.storage;

import io.quire.ot.Delta;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@code RocksDocumentStoreTest}'s crash test: appends single-op commits to a few documents
 * until it is killed, and prints {@code "<doc> <version>"} for each commit only after its future completed, i.e.
 * once the store said it is durable. The parent kills it with SIGKILL and checks that every printed version is
 * still there.
 *
 * <p>Usage: {@code CrashWriter <folder> <documents>}
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    static DocKey doc(int index) {
        return new DocKey("crash", "doc-" + index);
    }

    /** What the child writes at {@code version} of document {@code index}, so the parent can check content too. */
    static StoredOp op(int index, long version) {
        DocKey key = doc(index);
        return version == 0
                ? new StoredOp(key, 0, "crash", 0, StoredOp.Kind.CREATE, Delta.ofText("\n"), "writer-" + index, version)
                : new StoredOp(key, version, "crash", version, StoredOp.Kind.EDIT,
                Delta.builder().insert("v" + version + " ").build(), "writer-" + index, version);
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int documents = Integer.parseInt(args[1]);
        // Our own stream, flushed per line: a line is in the kernel's hands before the next commit starts.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        RocksDocumentStore store = RocksDocumentStore.open(folder);
        for (int d = 0; d < documents; d++) {
            int index = d;
            Thread writer = new Thread(() -> {
                for (long version = 0; ; version++) {
                    store.append(doc(index), List.of(op(index, version)), List.of()).join();
                    synchronized (out) {
                        out.println(index + " " + version);
                        out.flush();
                    }
                }
            });
            writer.start();
        }
        // Runs until killed; the store is deliberately never closed.
        Thread.currentThread().join();
    }
}
