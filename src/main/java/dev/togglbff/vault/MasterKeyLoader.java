package dev.togglbff.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code bff.vault.*} into {@link MasterKeys}. With no master key configured (the
 * embedded default) it generates one once into {@code bff.vault.master-key-file}, readable by
 * the owner only where the file system has POSIX permissions, and reuses it on every later
 * start. Errors name the setting, never its value.
 */
final class MasterKeyLoader {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

    static final String MASTER_KEY_SETTING = "bff.vault.master-key (BFF_VAULT_MASTER_KEY)";
    static final String PREVIOUS_KEYS_SETTING = "bff.vault.previous-master-keys (BFF_VAULT_PREVIOUS_MASTER_KEYS)";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecureRandom random;

    MasterKeyLoader(SecureRandom random) {
        this.random = random;
    }

    MasterKeys load(VaultProperties properties) {
        MasterKey current = isBlank(properties.masterKey()) ? fromFile(properties.masterKeyFile())
                : decode(properties.masterKey(), MASTER_KEY_SETTING);
        List<MasterKey> previous = new ArrayList<>();
        List<String> configured = properties.previousMasterKeys();
        for (int i = 0; i < configured.size(); i++) {
            String value = configured.get(i);
            if (!isBlank(value)) {
                previous.add(decode(value, PREVIOUS_KEYS_SETTING + " entry " + (i + 1)));
            }
        }
        MasterKeys keys = new MasterKeys(current, previous);
        log.info("Vault master key {} is current; {} previous key(s) accepted for decryption", current.id(),
                previous.size());
        return keys;
    }

    private MasterKey fromFile(Path file) {
        if (Files.notExists(file)) {
            generate(file);
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read the generated vault master key file " + file, ex);
        }
        MasterKey key = decode(content, "the generated vault master key file " + file);
        log.warn("No {} is set: the vault uses the generated master key in {} (id {}). Fine for the embedded "
                + "default; set BFF_VAULT_MASTER_KEY for production, and keep that file with the database.",
                MASTER_KEY_SETTING, file.toAbsolutePath(), key.id());
        return key;
    }

    private void generate(Path file) {
        byte[] raw = new byte[MasterKey.KEY_BYTES];
        random.nextBytes(raw);
        byte[] encoded = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            boolean posix = Files.getFileStore(folder != null ? folder : file.toAbsolutePath())
                .supportsFileAttributeView("posix");
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
                    : new FileAttribute<?>[0];
            Files.createFile(file, attributes);
            if (!posix) {
                ownerOnly(file);
            }
            Files.write(file, encoded, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            log.info("Generated a new vault master key into {}", file.toAbsolutePath());
        }
        catch (FileAlreadyExistsException ex) {
            // Another instance generated it first: use that one.
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the vault master key file " + file, ex);
        }
        finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static void ownerOnly(Path file) {
        java.io.File plain = file.toFile();
        boolean restricted = plain.setReadable(false, false) && plain.setReadable(true, true)
                && plain.setWritable(false, false) && plain.setWritable(true, true);
        if (!restricted) {
            log.warn("Could not restrict {} to its owner; protect it with the file system's own means", file);
        }
    }

    /** A master key from base64 of exactly 32 bytes; the error names {@code setting}, not the value. */
    static MasterKey decode(@Nullable String value, String setting) {
        if (value == null) {
            throw new InvalidMasterKeyException(setting + " is not set");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidMasterKeyException(setting + " is not valid base64; it must be the base64 encoding "
                    + "of exactly " + MasterKey.KEY_BYTES + " random bytes (for example: openssl rand -base64 32)");
        }
        try {
            if (raw.length != MasterKey.KEY_BYTES) {
                throw new InvalidMasterKeyException(setting + " decodes to " + raw.length + " bytes; it must be "
                        + "the base64 encoding of exactly " + MasterKey.KEY_BYTES
                        + " random bytes (for example: openssl rand -base64 32)");
            }
            return MasterKey.of(raw);
        }
        finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** A configured master key is malformed. The message names the setting and never holds its value. */
    static final class InvalidMasterKeyException extends IllegalStateException {

        InvalidMasterKeyException(String message) {
            super(message);
        }
    }
}
