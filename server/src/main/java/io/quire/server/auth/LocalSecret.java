package io.quire.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Local mode's signing secret, kept in the data folder ({@code local-token-secret}, readable by its owner only) so
 * that tokens made by {@code POST /api/v1/local-tokens} still work after a restart. A secured server never uses it.
 */
public final class LocalSecret {
    static final String FILE = "local-token-secret";

    private LocalSecret() {
    }

    public static String load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[48];
                new SecureRandom().nextBytes(bytes);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException raced) {
                    return Files.readString(file, StandardCharsets.US_ASCII).trim();
                }
                Files.writeString(file, secret, StandardCharsets.US_ASCII);
                return secret;
            }
            String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (secret.length() < TokenService.MIN_SECRET_LENGTH) {
                throw new IllegalStateException(file + " holds no usable secret; delete it and a new one is made");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
