package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request is the method its request line names: {@code X-HTTP-Method-Override} and its kin, and a {@code _method}
 * parameter, change nothing. A POST to a group's URL is answered as the POST it is, and the group stays.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MethodOverrideTest {
    private static final String NOT_FOUND = "{\"error\":\"InvalidEndpoint\",\"description\":\"Not found\"}";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
    }

    @Test
    void answersAPostWithAnOverrideHeaderAsThePostItIs() {
        // given a group, and what a POST to its URL answers without any override
        Group group = app.fixtures().group(account.id(), "Kept through overrides");
        String url = "/api/v2/groups/" + group.id().value() + ".json";
        Response plain = http.post(url).host(account.host()).as(admin).send();

        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            // when
            Response overridden = http.post(url)
                    .host(account.host())
                    .as(admin)
                    .header(header, "DELETE")
                    .send();

            // then
            assertThat(overridden.status()).as(header).isEqualTo(404);
            assertThat(overridden.body()).as(header).isEqualTo(NOT_FOUND);
        }
        assertThat(plain.status()).isEqualTo(404);
        assertThat(plain.body()).isEqualTo(NOT_FOUND);
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isFalse();
    }

    @Test
    void answersAPostWithAMethodParameterAsThePostItIs() {
        // given
        Group group = app.fixtures().group(account.id(), "Kept through _method");
        String url = "/api/v2/groups/" + group.id().value() + ".json";

        // when the override comes as a query parameter, and as a form field
        Response query = http.post(url + "?_method=DELETE")
                .host(account.host())
                .as(admin)
                .send();
        Response form = http.post(url)
                .host(account.host())
                .as(admin)
                .body("application/x-www-form-urlencoded", "_method=DELETE".getBytes())
                .send();

        // then
        assertThat(query.status()).isEqualTo(404);
        assertThat(query.body()).isEqualTo(NOT_FOUND);
        assertThat(form.status()).isEqualTo(404);
        assertThat(form.body()).isEqualTo(NOT_FOUND);
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isFalse();
    }

    @Test
    void servesAGetWithAnOverrideHeaderAsTheGetItIs() {
        // given
        Group group = app.fixtures().group(account.id(), "Counted as a POST");

        // when
        Response overridden = http.get("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .header("X-HTTP-Method-Override", "PUT")
                .send();

        // then the GET is served as a GET: the group, not an update
        assertThat(overridden.status()).isEqualTo(200);
        assertThat(overridden.json().path("group").path("name").asString()).isEqualTo("Counted as a POST");
    }
}
