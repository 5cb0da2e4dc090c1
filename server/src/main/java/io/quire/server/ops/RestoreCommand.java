package io.quire.server.ops;

import io.quire.server.storage.Backups;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * {@code quire-server.jar restore --from BACKUP --data DIR}: copies a backup into a data folder that does not exist
 * or is empty, never over one that holds something. The server must not run on {@code DIR}. The copy is made beside
 * {@code DIR} and renamed into place, so an interrupted restore leaves no half-filled data folder.
 */
public final class RestoreCommand {

    private RestoreCommand() {
    }

    /** Returns the exit code: 0 done, 1 refused or failed, 2 a usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path from = null;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.equals("--from") && !flag.equals("--data")) {
                err.println("quire restore: unknown argument '" + flag + "' (expected --from and --data)");
                return 2;
            }
            if (i + 1 >= args.length) {
                err.println("quire restore: " + flag + " needs a value");
                return 2;
            }
            Path value = Path.of(args[++i]).toAbsolutePath().normalize();
            if (flag.equals("--from")) {
                from = value;
            } else {
                data = value;
            }
        }
        if (from == null || data == null) {
            err.println("quire restore: needs --from BACKUP and --data DIR");
            return 2;
        }
        try {
            if (!Files.isRegularFile(from.resolve("CURRENT"))) {
                err.println("quire restore: " + from + " is not a backup (no RocksDB CURRENT file in it)");
                return 1;
            }
            if (Files.exists(data) && !isEmptyFolder(data)) {
                err.println("quire restore: " + data + " is not empty; restore into a new or empty folder");
                return 1;
            }
            Path staging = data.resolveSibling("." + data.getFileName() + ".restoring");
            if (Files.exists(staging)) {
                err.println("quire restore: " + staging + " is left from an earlier restore; remove it first");
                return 1;
            }
            Files.createDirectories(staging);
            copyFiles(from, staging);
            Files.deleteIfExists(staging.resolve(Backups.MANIFEST)); // it describes the backup, not the data folder
            Files.deleteIfExists(data);
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
            out.println("Restored " + from + " into " + data + "; start the server with --data " + data);
            return 0;
        } catch (IOException e) {
            err.println("quire restore: " + e);
            return 1;
        }
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A backup is flat: RocksDB's files and a few of Quire's. */
    private static void copyFiles(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    Files.copy(entry, to.resolve(entry.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
