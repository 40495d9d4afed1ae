package io.groupdesk.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The filter compiled to SQL and run on each database, against agents written through the core. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimUserServiceTest {
    @Parameter
    TestDatabase database;

    private static TestCore core;
    private static ScimUserService users;
    private static Caller admin;
    private static TestAccount account;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        users = core.services().scimUsers();
        account = core.fixtures().account();
        admin = account.admin().caller();
        create("ann@example.test", "Ann Able", Map.of("externalId", "A-1", "title", "100% sure_thing"));
        create("bob@example.test", "Bob Baker", Map.of("title", "Lead"));
        create("cy@other.test", "Cy Cole", Map.of("externalId", "a-1", "active", false));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    @Test
    void comparesTextIgnoringCaseButExternalIdsExactly() {
        assertThat(names("userName eq \"ANN@EXAMPLE.TEST\"")).containsExactly("Ann Able");
        assertThat(names("externalId eq \"A-1\"")).containsExactly("Ann Able");
        assertThat(names("displayName co \"BAKER\"")).containsExactly("Bob Baker");
    }

    @Test
    void escapesLikeWildcardsInValues() {
        assertThat(names("title co \"100%\"")).containsExactly("Ann Able");
        assertThat(names("title co \"e_t\"")).containsExactly("Ann Able");
        assertThat(names("title sw \"_\"")).isEmpty();
        assertThat(names("title co \"%\"")).containsExactly("Ann Able");
    }

    @Test
    void treatsAbsentValuesAsNotEqual() {
        assertThat(names("title ne \"Lead\" and emails.value ew \".test\""))
                .contains("Ann Able", "Cy Cole")
                .doesNotContain("Bob Baker");
        assertThat(names("not (title eq \"Lead\") and userName ew \"test\"")).contains("Ann Able", "Cy Cole");
        assertThat(names("title eq null and userName ew \"test\""))
                .contains("Cy Cole")
                .doesNotContain("Bob Baker");
    }

    @Test
    void filtersBooleansDatesAndIds() {
        assertThat(names("active eq false")).containsExactly("Cy Cole");
        assertThat(names("meta.created gt \"2000-01-01T00:00:00Z\" and userName eq \"bob@example.test\""))
                .containsExactly("Bob Baker");
        assertThat(names("meta.created lt \"2000-01-01T00:00:00Z\"")).isEmpty();
        long bob = users.list(admin, query("userName eq \"bob@example.test\""))
                .resources()
                .get(0)
                .id()
                .value();
        assertThat(names("id eq \"" + bob + "\"")).containsExactly("Bob Baker");
        assertThat(names("id eq \"not-an-id\"")).isEmpty();
    }

    @Test
    void refusesFiltersItCannotRun() {
        assertInvalid("active gt true", "A boolean attribute is compared with eq or ne only");
        assertInvalid(
                "meta.created eq \"yesterday\"", "'yesterday' is not a date and time such as 2026-01-31T12:00:00Z");
        assertInvalid("userName eq 5", "5 is compared with a text attribute: quote it");
        assertInvalid("nickName eq \"x\"", "'nickName' is not an attribute that can be filtered");
        assertInvalid("title[value eq \"x\"]", "'title' is not a multi-valued attribute that can be filtered");
    }

    @Test
    void refusesToDeactivateAnAdministrator() {
        assertThatThrownBy(() -> users.patch(
                        admin,
                        account.admin().agent().id(),
                        List.of(new ScimPatch.Operation(ScimPatch.Op.REPLACE, Optional.of("active"), "False")),
                        io.groupdesk.shared.ExpectedVersion.ANY))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("An administrator is not deactivated through SCIM");
    }

    @Test
    void requiresAnAdministrator() {
        Caller agent = core.fixtures().agent(account.id(), Role.AGENT).caller();

        assertThatThrownBy(() -> users.list(agent, query(null))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.get(agent, new AgentId(1))).isInstanceOf(ForbiddenException.class);
    }

    private static void create(String email, String name, Map<String, Object> extra) {
        Map<String, Object> resource = new java.util.LinkedHashMap<>(extra);
        resource.put("userName", email);
        resource.put("displayName", name);
        users.create(admin, resource);
    }

    private static ScimQuery query(String filter) {
        return new ScimQuery(Optional.ofNullable(filter), 1, 100, Optional.of("displayName"), false);
    }

    private List<String> names(String filter) {
        return users.list(admin, query(filter)).resources().stream()
                .map(ScimUser::name)
                .toList();
    }

    private void assertInvalid(String filter, String message) {
        assertThatThrownBy(() -> users.list(admin, query(filter)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations().get(0).field()).isEqualTo("filter");
                    assertThat(e.violations().get(0).message()).isEqualTo(message);
                });
    }
}
