package io.groupdesk.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets that must be read back, such as API tokens (request signatures are computed from the token itself),
 * with AES-256-GCM. A sealed value names the key that sealed it ({@code gcm1:<key id>:<base64 iv+ciphertext>}), so
 * a previous key can still open old values while they are resealed under the current one.
 */
public final class SecretBox {
    private static final String PREFIX = "gcm1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final List<Key> keys;
    private final SecureRandom random = new SecureRandom();

    private record Key(String id, SecretKeySpec spec) {}

    /**
     * @param current the key new values are sealed with (32 bytes)
     * @param previous keys that may still open older values
     */
    public SecretBox(byte[] current, List<byte[]> previous) {
        List<Key> all = new ArrayList<>();
        all.add(key(current));
        previous.forEach(bytes -> all.add(key(bytes)));
        this.keys = List.copyOf(all);
    }

    /** A key given as base64 (32 bytes), e.g. from {@code GROUPDESK_SECRET_KEY}. */
    public static byte[] decodeKey(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        return key;
    }

    /** Reads the key file, creating it with a new random key, readable by its owner only, when it is missing. */
    public static byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path temporary = ownerOnlyTempFile(file.toAbsolutePath().getParent());
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary); // another process created it first: use theirs
                return decodeKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret key file " + file, e);
        }
    }

    /** A new, empty file readable by its owner only from the moment it exists. */
    private static Path ownerOnlyTempFile(Path directory) throws IOException {
        try {
            return Files.createTempFile(
                    directory,
                    "secret",
                    ".key.new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, "secret", ".key.new"); // not POSIX: the directory protects it
        }
    }

    public String seal(String secret) {
        Key key = keys.get(0);
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(key.id().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /** Opens a sealed value; empty when no known key sealed it or it was tampered with. */
    public Optional<String> open(String sealed) {
        if (sealed == null) {
            return Optional.empty();
        }
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            return Optional.empty();
        }
        for (Key key : keys) {
            if (key.id().equals(parts[1])) {
                try {
                    byte[] in = Base64.getDecoder().decode(parts[2]);
                    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                    cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
                    cipher.updateAAD(key.id().getBytes(StandardCharsets.US_ASCII));
                    byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
                    return Optional.of(new String(plain, StandardCharsets.UTF_8));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Keys for another use of the server's secret (such as signing cookies), derived from each key as
     * HMAC-SHA256(key, purpose): the current key's first, then the previous keys', so that values signed before a
     * key rotation still verify. The secret key itself never leaves this class.
     */
    public List<byte[]> derivedKeys(String purpose) {
        List<byte[]> derived = new ArrayList<>();
        for (Key key : keys) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.spec().getEncoded(), "HmacSHA256"));
                derived.add(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JVM has HMAC-SHA256", e);
            }
        }
        return List.copyOf(derived);
    }

    /** Whether a sealed value was sealed with an older key and should be resealed. */
    public boolean isStale(String sealed) {
        return sealed != null && !sealed.startsWith(PREFIX + ":" + keys.get(0).id() + ":");
    }

    private static Key key(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            String id = HexFormat.of().formatHex(digest, 0, 4);
            return new Key(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
