package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimDiscoveryApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static TestAgent agent;
    private static ScimClient scim;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        scim = new ScimClient(app.http().port(), account.host(), account.admin().token());
    }

    @Test
    void serviceProviderConfigSaysWhatIsSupported() {
        ScimClient.Response response = scim.get("/ServiceProviderConfig");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/scim+json");
        JsonNode config = response.json();
        assertThat(config.get("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(config.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(config.get("bulk").get("supported").asBoolean()).isFalse();
        assertThat(config.get("filter").get("supported").asBoolean()).isTrue();
        assertThat(config.get("filter").get("maxResults").asInt()).isEqualTo(100);
        assertThat(config.get("sort").get("supported").asBoolean()).isTrue();
        assertThat(config.get("etag").get("supported").asBoolean()).isTrue();
        assertThat(config.get("changePassword").get("supported").asBoolean()).isFalse();
        assertThat(config.get("authenticationSchemes").get(0).get("type").asString())
                .isEqualTo("oauthbearertoken");
        assertThat(config.get("meta").get("location").asString())
                .isEqualTo("http://" + account.host() + "/scim/v2/ServiceProviderConfig");
    }

    @Test
    void resourceTypesAreUsersWithTheEnterpriseExtensionAndGroups() {
        ScimClient.Response response = scim.get("/ResourceTypes");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode list = response.json();
        assertThat(list.get("totalResults").asInt()).isEqualTo(2);
        JsonNode user = list.get("Resources").get(0);
        assertThat(user.get("endpoint").asString()).isEqualTo("/Users");
        assertThat(user.get("schema").asString()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(user.get("schemaExtensions").get(0).get("schema").asString())
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(list.get("Resources").get(1).get("endpoint").asString()).isEqualTo("/Groups");
        assertThat(scim.get("/ResourceTypes/Group").json().get("schema").asString())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
    }

    @Test
    void schemasListTheStoredAttributes() {
        ScimClient.Response response = scim.get("/Schemas");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode schemas = response.json().get("Resources");
        assertThat(schemas).hasSize(3);
        assertThat(names(schemas.get(0).get("attributes")))
                .containsExactly(
                        "userName",
                        "externalId",
                        "name",
                        "displayName",
                        "emails",
                        "phoneNumbers",
                        "active",
                        "locale",
                        "timezone",
                        "title",
                        "password",
                        "groups");
        assertThat(names(schemas.get(1).get("attributes"))).containsExactly("employeeNumber", "department");
        assertThat(names(schemas.get(2).get("attributes"))).containsExactly("displayName", "externalId", "members");
        ScimClient.Response one = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("name").asString()).isEqualTo("Group");
    }

    @Test
    void refusesARequestWithoutAToken() {
        ScimClient.Response response = scim.withToken(null).get("/ServiceProviderConfig");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Bearer realm=\"SCIM\"");
        assertError(response, "401");
    }

    @Test
    void refusesAWrongToken() {
        ScimClient.Response response =
                scim.withToken("not-a-token-of-this-account").get("/Users");

        assertThat(response.status()).isEqualTo(401);
        assertError(response, "401");
    }

    @Test
    void refusesAnotherAccountsAdminToken() {
        TestAccount other = app.fixtures().account();

        ScimClient.Response response = scim.withToken(other.admin().token()).get("/Users");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void refusesAnAgentsToken() {
        ScimClient.Response response = scim.as(agent).get("/Users");

        assertThat(response.status()).isEqualTo(403);
        assertError(response, "403");
        assertThat(response.json().get("detail").asString())
                .isEqualTo("SCIM provisioning needs an administrator's API token");
    }

    @Test
    void answersAnUnknownEndpointInScimsErrorFormat() {
        ScimClient.Response response = scim.get("/Widgets");

        assertThat(response.status()).isEqualTo(404);
        assertError(response, "404");
    }

    private static void assertError(ScimClient.Response response, String status) {
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/scim+json");
        JsonNode error = response.json();
        assertThat(error.get("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").asString()).isEqualTo(status);
    }

    private static List<String> names(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        attributes.forEach(attribute -> names.add(attribute.get("name").asString()));
        return names;
    }
}
