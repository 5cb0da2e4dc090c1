package io.quire.server.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Online backups of a running server's data folder, one sub-folder of {@code folder} each. A backup is a complete
 * data folder: a RocksDB checkpoint of every column family plus the folder's other files (the local-mode token
 * secret), so restoring is starting a server with {@code --data} pointing at it, or copying it in place.
 *
 * <p>A backup is made under a hidden temporary name and renamed when complete, so a folder with a backup's name
 * is never half-written. Each holds {@value #MANIFEST}: {@code {"name","createdAt","sequence"}}.
 */
public final class Backups {
    /** Written into each backup; RocksDB ignores files whose names it does not know. */
    public static final String MANIFEST = "quire-backup.json";
    /** Letters, digits, dot, dash and underscore, not starting with a dot: no path separators, no hidden names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    /** What RocksDB writes in its folder; a checkpoint makes its own, everything else is copied. */
    private static final Pattern ROCKSDB_FILE = Pattern.compile(
            "\\d+\\.(sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(\\.old\\..*)?|MANIFEST-\\d+|OPTIONS-\\d+(\\.dbtmp)?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    /** One backup: where it is, when it was made, the store's sequence number then, and its size on disk. */
    public record Backup(String name, Path path, Instant createdAt, long sequence, long bytes) {
    }

    /** A request for a backup that cannot be met as asked; the message says why. */
    public static final class Refused extends RuntimeException {
        public enum Reason { BAD_NAME, EXISTS }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final Path folder;
    private final Path dataDir;
    private final RocksDocumentStore store;
    private final Clock clock;

    public Backups(Path folder, Path dataDir, RocksDocumentStore store, Clock clock) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where backups go. */
    public Path folder() {
        return folder;
    }

    /**
     * Makes a backup named {@code name}, or {@code backup-<UTC time>} when null; blocking (seconds for a large
     * store copied across file systems, a moment with hard links).
     *
     * @throws Refused for a name that is not a plain folder name, or one already taken
     */
    public synchronized Backup create(String name) {
        Instant now = clock.instant();
        String chosen = name == null ? freeName("backup-" + STAMP.format(now)) : checkName(name);
        Path target = folder.resolve(chosen);
        if (Files.exists(target)) {
            throw new Refused(Refused.Reason.EXISTS, "a backup named \"" + chosen + "\" already exists in " + folder);
        }
        Path partial = folder.resolve("." + chosen + ".partial-" + UUID.randomUUID());
        try {
            Files.createDirectories(folder);
            long sequence = store.checkpoint(partial);
            copyOtherFiles(partial);
            ObjectNode manifest = JSON.createObjectNode()
                    .put("name", chosen).put("createdAt", now.toString()).put("sequence", sequence);
            Files.writeString(partial.resolve(MANIFEST), manifest.toString());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Backup made = new Backup(chosen, target, now, sequence, size(target));
            log.atInfo().setMessage("backup written").addKeyValue("name", chosen).addKeyValue("path", target)
                    .addKeyValue("bytes", made.bytes()).addKeyValue("sequence", sequence).log();
            return made;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    /** The complete backups in the folder, oldest first. */
    public List<Backup> list() {
        List<Backup> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Path manifest = entry.resolve(MANIFEST);
                if (entry.getFileName().toString().startsWith(".") || !Files.isRegularFile(manifest)) {
                    continue; // in the making, or not ours
                }
                JsonNode json = JSON.readTree(Files.readString(manifest));
                out.add(new Backup(entry.getFileName().toString(), entry, Instant.parse(json.path("createdAt").asText()),
                        json.path("sequence").asLong(), size(entry)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the backups in " + folder + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Backup::createdAt).thenComparing(Backup::name));
        return out;
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new Refused(Refused.Reason.BAD_NAME, "a backup name is 1 to 100 letters, digits, '.', '-' or '_', "
                    + "not starting with '.', got \"" + name + "\"");
        }
        return name;
    }

    private String freeName(String base) {
        String name = base;
        for (int n = 2; Files.exists(folder.resolve(name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    /** The data folder's files that are not RocksDB's (the local token secret, today). */
    private void copyOtherFiles(Path target) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && !ROCKSDB_FILE.matcher(file).matches() && !file.equals(MANIFEST)) {
                    Files.copy(entry, target.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort: a hidden leftover is skipped by list() and harmless.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }
}
