package io.quire.server.storage;

import io.quire.ot.Delta;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The child process of {@code RocksDocumentStoreTest}'s compaction crash test: stores documents of single-op
 * entries, prints {@code ready}, then folds each document in one call (a fold per ten ops) and prints
 * {@code folded <doc>} once the call returned. The parent kills it with SIGKILL somewhere in the middle and checks
 * that each document is wholly as written or wholly folded, and folded whenever the child said so.
 *
 * <p>Usage: {@code CrashFolder <folder> <documents>}
 */
public final class CrashFolder {
    static final int OPS = 201;
    static final int FOLD = 10;

    private CrashFolder() {
    }

    static DocKey doc(int index) {
        return new DocKey("crash-fold", "doc-" + index);
    }

    static List<StoredOp> written(int index) {
        return LongStream.range(0, OPS).mapToObj(v -> DocumentStoreContract.op(doc(index), v, "writer")).toList();
    }

    /** Folds of versions 1..10, 11..20, ... up to 181..190: the create stays, and so do the ops after the last fold. */
    static List<StoredOp> folds(int index) {
        List<StoredOp> out = new ArrayList<>();
        for (long first = 1; first + FOLD - 1 < OPS - 1; first += FOLD) {
            out.add(DocumentStoreContract.fold(doc(index), first, first + FOLD - 1, "writer"));
        }
        return out;
    }

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        int documents = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        RocksDocumentStore store = RocksDocumentStore.open(folder);
        for (int d = 0; d < documents; d++) {
            store.append(doc(d), written(d), List.of()).join();
        }
        out.println("ready");
        out.flush();
        for (int d = 0; d < documents; d++) {
            store.fold(doc(d), folds(d));
            out.println("folded " + d);
            out.flush();
        }
        // Deliberately never closed: the parent kills this process.
    }
}
