package io.groupdesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.events.EventRepository;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook rules in the core: admins only, scoped by account, secrets sealed and kept through key rotation. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class WebhookServiceTest {
    private static TestCore core;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static WebhookService service(Jdbi jdbi, SecretBox box) {
        return new WebhookService(
                WebhookRepository.jdbc(jdbi),
                EventRepository.jdbc(jdbi),
                box,
                new TargetCheck(true),
                new Transactions(jdbi),
                Clock.systemUTC());
    }

    private static WebhookFields fields(String endpoint, Optional<Authentication> authentication) {
        return new WebhookFields(
                Optional.of("Hook"),
                Optional.empty(),
                Optional.of(endpoint),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(List.of("zen:event-type:user.created")),
                Optional.of(authentication),
                Optional.of(Map.of("X-Team", "routing")));
    }

    @Test
    void keepsSecretsSealedAndOpensThemAfterTheKeyIsRotated() {
        // given: a webhook sealed under key A
        byte[] oldKey = key();
        TestAccount account = core.fixtures().account();
        Caller admin = account.admin().caller();
        WebhookService before = service(core.jdbi(), new SecretBox(oldKey, List.of()));
        Webhook webhook = before.create(
                admin,
                fields(
                        "https://hooks.example.com/a",
                        Optional.of(new Authentication(Authentication.Type.BASIC_AUTH, "router", "pw-1"))));
        String secret = before.signingSecret(admin, webhook.id());
        String stored = core.jdbi()
                .withHandle(h -> h.createQuery("SELECT auth_secret || signing_secret FROM webhooks WHERE id = :id")
                        .bind("id", webhook.id())
                        .mapTo(String.class)
                        .one());
        assertThat(stored).doesNotContain("pw-1").doesNotContain(secret);

        // when: a node starts on key B with A as the previous key, and later on B alone
        byte[] newKey = key();
        WebhookService rotated = service(core.jdbi(), new SecretBox(newKey, List.of(oldKey)));
        String beforeResealing = rotated.signingSecret(admin, webhook.id());
        int resealed = rotated.resealStale();
        WebhookService after = service(core.jdbi(), new SecretBox(newKey, List.of()));

        // then
        assertThat(beforeResealing).isEqualTo(secret);
        assertThat(resealed).isEqualTo(1);
        assertThat(after.signingSecret(admin, webhook.id())).isEqualTo(secret);
        Target target = after.target(WebhookRepository.jdbc(core.jdbi())
                .find(account.id(), webhook.id())
                .orElseThrow());
        assertThat(target.authentication().orElseThrow().secret()).isEqualTo("pw-1");
        assertThat(after.resealStale()).isZero();
    }

    @Test
    void isForAdminsOfTheWebhooksAccountOnly() {
        // given
        TestAccount account = core.fixtures().account();
        TestAccount other = core.fixtures().account();
        WebhookService webhooks = service(core.jdbi(), new SecretBox(key(), List.of()));
        Webhook webhook =
                webhooks.create(account.admin().caller(), fields("https://hooks.example.com/b", Optional.empty()));
        Caller agent = core.fixtures().agent(account.id(), Role.AGENT).caller();

        // then
        assertThatThrownBy(() -> webhooks.get(agent, webhook.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> webhooks.list(agent, PageRequest.first(10))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> webhooks.get(other.admin().caller(), webhook.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> webhooks.delete(other.admin().caller(), webhook.id()))
                .isInstanceOf(NotFoundException.class);
        assertThat(webhooks.list(other.admin().caller(), PageRequest.first(10)).items())
                .isEmpty();
        assertThat(webhooks.get(account.admin().caller(), webhook.id()).customHeaders())
                .containsEntry("X-Team", "routing");
    }

    @Test
    void aNewAuthenticationTypeNeedsItsDataAndTheSameTypeKeepsIt() {
        // given
        TestAccount account = core.fixtures().account();
        Caller admin = account.admin().caller();
        WebhookService webhooks = service(core.jdbi(), new SecretBox(key(), List.of()));
        Webhook webhook = webhooks.create(
                admin,
                fields(
                        "https://hooks.example.com/c",
                        Optional.of(new Authentication(Authentication.Type.BEARER_TOKEN, null, "token-1"))));

        // when: the same type without data, then another type without data
        webhooks.update(
                admin,
                webhook.id(),
                fields(
                        "https://hooks.example.com/c",
                        Optional.of(new Authentication(Authentication.Type.BEARER_TOKEN, null, null))));

        // then
        Target target = webhooks.target(WebhookRepository.jdbc(core.jdbi())
                .find(account.id(), webhook.id())
                .orElseThrow());
        assertThat(target.authentication().orElseThrow().secret()).isEqualTo("token-1");
        assertThatThrownBy(() -> webhooks.update(
                        admin,
                        webhook.id(),
                        fields(
                                "https://hooks.example.com/c",
                                Optional.of(new Authentication(Authentication.Type.API_KEY, "X-Key", null)))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("authentication");
    }
}
