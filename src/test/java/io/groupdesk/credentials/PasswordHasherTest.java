package io.groupdesk.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher HASHER = new PasswordHasher();

    @Test
    void hashVerifiesAgainstItsPassword() {
        String hash = HASHER.hash("correct horse battery staple");

        assertThat(HASHER.verify("correct horse battery staple", hash)).isTrue();
    }

    @Test
    void wrongPasswordFails() {
        String hash = HASHER.hash("correct horse battery staple");

        assertThat(HASHER.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(HASHER.verify("", hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferAndBothVerify() {
        String first = HASHER.hash("same password");
        String second = HASHER.hash("same password");

        assertThat(first).isNotEqualTo(second);
        assertThat(HASHER.verify("same password", first)).isTrue();
        assertThat(HASHER.verify("same password", second)).isTrue();
    }

    @Test
    void hashIsAnArgon2idPhcString() {
        String hash = HASHER.hash("pw");

        assertThat(hash).startsWith("$argon2id$v=19$");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    }

    @Test
    void verifiesNonAsciiPasswords() {
        String hash = HASHER.hash("pässwörd ✓");

        assertThat(HASHER.verify("pässwörd ✓", hash)).isTrue();
        assertThat(HASHER.verify("passwort ✓", hash)).isFalse();
    }

    @Test
    void missingStoredHashFails() {
        assertThat(HASHER.verify("pw", null)).isFalse();
    }

    @Test
    void malformedStoredHashFails() {
        String hash = HASHER.hash("pw");
        List<String> malformed = List.of(
                "",
                "garbage",
                "pw",
                hash.substring(0, hash.lastIndexOf('$')),
                hash + "$extra",
                hash.replace("$argon2id$", "$argon2i$"),
                hash.replace("$v=19$", "$v=16$"),
                hash.replace(",t=", ",x="),
                hash.substring(0, hash.lastIndexOf('$') + 1) + "***not base64***");

        for (String stored : malformed) {
            assertThat(HASHER.verify("pw", stored)).as(stored).isFalse();
        }
    }

    @Test
    void storedHashWithImpossibleParametersFailsInsteadOfThrowing() {
        // PasswordHasher#verify promises that a malformed hash never matches; these must answer false, not throw
        String salt = "c2FsdHNhbHRzYWx0";
        String digest = "aGFzaGhhc2hoYXNoaGFzaA";
        List<String> malformed = List.of(
                "$argon2id$v=19$m$" + salt + "$" + digest,
                "$argon2id$v=19$m=19456,,p=1$" + salt + "$" + digest,
                "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + digest,
                "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + digest,
                "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$aGE");

        SoftAssertions softly = new SoftAssertions();
        for (String stored : malformed) {
            softly.assertThatCode(() -> assertThat(HASHER.verify("pw", stored)).isFalse())
                    .as(stored)
                    .doesNotThrowAnyException();
        }
        softly.assertAll();
    }
}
