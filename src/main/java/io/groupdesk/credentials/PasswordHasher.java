package io.groupdesk.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * OWASP's recommended cost. Verification recomputes with the parameters stored in the hash and compares in
 * constant time, so the cost can be raised later without invalidating existing hashes.
 */
public final class PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final String decoy;

    public PasswordHasher() {
        this.decoy = hash("decoy password for unknown emails");
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code stored}; a null or malformed hash never matches. */
    public boolean verify(String password, String stored) {
        if (stored == null) {
            verify(password, decoy); // spend the same time as a real check, so timing does not reveal the email
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int memory = 0;
            int iterations = 0;
            int parallelism = 0;
            for (String parameter : parts[3].split(",")) {
                int value = Integer.parseInt(parameter.substring(2));
                switch (parameter.charAt(0)) {
                    case 'm' -> memory = value;
                    case 't' -> iterations = value;
                    case 'p' -> parallelism = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (!plausible(memory, iterations, parallelism, salt.length, expected.length)) {
                return false;
            }
            byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (RuntimeException e) {
            return false; // a malformed stored hash never matches
        }
    }

    /** Whether stored parameters are ones this class could have written, so a damaged hash cannot cost a fortune. */
    private static boolean plausible(int memory, int iterations, int parallelism, int saltLength, int hashLength) {
        return memory >= 8
                && memory <= 1024 * 1024
                && iterations >= 1
                && iterations <= 64
                && parallelism >= 1
                && parallelism <= 16
                && saltLength >= 8
                && saltLength <= 64
                && hashLength >= 16
                && hashLength <= 64;
    }

    /** Spends the time of one verification, for callers whose account or email does not exist. */
    public void verifyDecoy(String password) {
        verify(password, decoy);
    }

    private static byte[] derive(
            String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
