package io.groupdesk.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    private static final String TOKEN = "test-open-api-token-0123456789";

    private final byte[] keyA = randomKey();
    private final byte[] keyB = randomKey();

    @TempDir
    Path directory;

    // ---- sealing ------------------------------------------------------------------------------------------------

    @Test
    void sealsUnderAGcmPrefixWithoutRevealingTheSecret() {
        SecretBox box = new SecretBox(keyA, List.of());

        String sealed = box.seal(TOKEN);

        assertThat(sealed).startsWith("gcm1:").doesNotContain(TOKEN);
        assertThat(sealed.split(":", 3)).hasSize(3);
        assertThat(box.open(sealed)).contains(TOKEN);
        assertThat(box.isStale(sealed)).isFalse();
    }

    @Test
    void sealsTheSameSecretDifferentlyEachTime() {
        SecretBox box = new SecretBox(keyA, List.of());

        String first = box.seal(TOKEN);
        String second = box.seal(TOKEN);

        assertThat(first).isNotEqualTo(second);
        assertThat(box.open(first)).contains(TOKEN);
        assertThat(box.open(second)).contains(TOKEN);
    }

    @Test
    void roundTripsUnicodeAndEmptySecrets() {
        SecretBox box = new SecretBox(keyA, List.of());

        Optional<String> unicode = box.open(box.seal("токен-密钥-🔑"));
        Optional<String> empty = box.open(box.seal(""));

        assertThat(unicode).contains("токен-密钥-🔑");
        assertThat(empty).contains("");
    }

    @Test
    void namesTheSameKeyIdForTheSameKey() {
        SecretBox first = new SecretBox(keyA, List.of());
        SecretBox second = new SecretBox(keyA.clone(), List.of(keyB));

        String sealed = first.seal(TOKEN);

        assertThat(second.isStale(sealed)).isFalse();
        assertThat(second.open(sealed)).contains(TOKEN);
    }

    // ---- opening what it should not -----------------------------------------------------------------------------

    @Test
    void cannotOpenWhatAnotherKeySealed() {
        String sealed = new SecretBox(keyA, List.of()).seal(TOKEN);

        Optional<String> opened = new SecretBox(keyB, List.of()).open(sealed);

        assertThat(opened).isEmpty();
    }

    @Test
    void refusesTamperedCiphertext() {
        SecretBox box = new SecretBox(keyA, List.of());
        String sealed = box.seal(TOKEN);
        String[] parts = sealed.split(":", 3);
        byte[] payload = Base64.getDecoder().decode(parts[2]);
        payload[payload.length - 1] ^= 1;
        String tampered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(payload);

        Optional<String> opened = box.open(tampered);

        assertThat(opened).isEmpty();
    }

    @Test
    void refusesAValueRelabelledWithAnotherKeysId() {
        SecretBox rotated = new SecretBox(keyB, List.of(keyA));
        String sealedUnderA = new SecretBox(keyA, List.of()).seal(TOKEN);
        String idOfB = rotated.seal("x").split(":", 3)[1];
        String relabelled = "gcm1:" + idOfB + ":" + sealedUnderA.split(":", 3)[2];

        Optional<String> opened = rotated.open(relabelled);

        assertThat(opened).isEmpty();
    }

    @Test
    void refusesValuesThatAreNotSealed() {
        SecretBox box = new SecretBox(keyA, List.of());

        assertThat(box.open(null)).isEmpty();
        assertThat(box.open("")).isEmpty();
        assertThat(box.open(TOKEN)).isEmpty();
        assertThat(box.open("gcm1:abcd")).isEmpty();
        assertThat(box.open("gcm2:" + box.seal(TOKEN).substring(5))).isEmpty();
        String keyId = box.seal(TOKEN).split(":", 3)[1];
        assertThat(box.open("gcm1:" + keyId + ":%%%")).isEmpty();
        assertThat(box.open("gcm1:" + keyId + ":AAAA")).isEmpty();
        assertThat(box.open("gcm1:" + keyId + ":")).isEmpty();
    }

    // ---- rotation -----------------------------------------------------------------------------------------------

    @Test
    void opensValuesOfThePreviousKeyAndMarksThemStale() {
        String sealedUnderA = new SecretBox(keyA, List.of()).seal(TOKEN);
        SecretBox rotated = new SecretBox(keyB, List.of(keyA));

        Optional<String> opened = rotated.open(sealedUnderA);
        boolean stale = rotated.isStale(sealedUnderA);

        assertThat(opened).contains(TOKEN);
        assertThat(stale).isTrue();
    }

    @Test
    void resealsUnderTheCurrentKeySoThePreviousKeyCanBeDropped() {
        String sealedUnderA = new SecretBox(keyA, List.of()).seal(TOKEN);
        SecretBox rotated = new SecretBox(keyB, List.of(keyA));

        String resealed = rotated.seal(rotated.open(sealedUnderA).orElseThrow());

        assertThat(rotated.isStale(resealed)).isFalse();
        assertThat(resealed).isNotEqualTo(sealedUnderA).doesNotContain(TOKEN);
        assertThat(new SecretBox(keyB, List.of()).open(resealed)).contains(TOKEN);
        assertThat(new SecretBox(keyA, List.of()).open(resealed)).isEmpty();
        assertThat(new SecretBox(keyB, List.of()).open(sealedUnderA)).isEmpty();
    }

    // ---- keys ---------------------------------------------------------------------------------------------------

    @Test
    void decodesA32ByteBase64Key() {
        String encoded = Base64.getEncoder().encodeToString(keyA);

        byte[] decoded = SecretBox.decodeKey("  " + encoded + "\n", "GROUPDESK_SECRET_KEY");

        assertThat(decoded).isEqualTo(keyA);
    }

    @Test
    void refusesKeysOfTheWrongLengthOrEncoding() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        String long64 = Base64.getEncoder().encodeToString(new byte[64]);

        assertThatThrownBy(() -> SecretBox.decodeKey(short16, "GROUPDESK_SECRET_KEY"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GROUPDESK_SECRET_KEY")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.decodeKey(long64, "GROUPDESK_SECRET_KEY"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretBox.decodeKey("not base64 at all!", "GROUPDESK_SECRET_KEY_PREVIOUS"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GROUPDESK_SECRET_KEY_PREVIOUS");
    }

    @Test
    void createsAnOwnerOnlyKeyFileAndReadsTheSameKeyBack() throws IOException {
        Path file = directory.resolve("data").resolve("secret.key");

        byte[] created = SecretBox.keyFile(file);
        byte[] readBack = SecretBox.keyFile(file);

        assertThat(created).hasSize(32);
        assertThat(readBack).isEqualTo(created);
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(Base64.getDecoder().decode(content.strip())).isEqualTo(created);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("secret.key");
        }
    }

    @Test
    void generatesADifferentKeyForEachNewFile() {
        byte[] first = SecretBox.keyFile(directory.resolve("one.key"));
        byte[] second = SecretBox.keyFile(directory.resolve("two.key"));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void keyFromTheFileSealsWhatTheSameFileOpensLater() {
        Path file = directory.resolve("secret.key");
        String sealed = new SecretBox(SecretBox.keyFile(file), List.of()).seal(TOKEN);

        Optional<String> opened = new SecretBox(SecretBox.keyFile(file), List.of()).open(sealed);

        assertThat(opened).contains(TOKEN);
    }

    @Test
    void refusesAKeyFileThatDoesNotHoldA32ByteKey() throws IOException {
        Path file = directory.resolve("secret.key");
        Files.writeString(file, "too-short\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> SecretBox.keyFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("too-short\n");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
