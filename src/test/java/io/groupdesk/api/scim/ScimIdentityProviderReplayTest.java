package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The request sequences Microsoft Entra ID's and Okta's SCIM guides publish, with their bodies as those guides show
 * them (ids replaced by the ones this server gave), each against an account of its own.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimIdentityProviderReplayTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount entraAccount;
    private static TestAccount oktaAccount;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        entraAccount = app.fixtures().account();
        oktaAccount = app.fixtures().account();
    }

    @Test
    void entraProvisionsAUserAndAGroup() {
        ScimClient entra = new ScimClient(
                app.http().port(), entraAccount.host(), entraAccount.admin().token());

        ScimClient.Response created = entra.post(
                "/Users",
                """
                {
                    "schemas": [
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
                    "active": true,
                    "emails": [{
                        "primary": true,
                        "type": "work",
                        "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"
                    }],
                    "meta": {
                        "resourceType": "User"
                    },
                    "name": {
                        "formatted": "givenName familyName",
                        "familyName": "familyName",
                        "givenName": "givenName"
                    },
                    "roles": []
                }
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String user = created.json().get("id").asString();

        JsonNode byUserName = entra.get(
                        "/Users?filter=" + encode("userName eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\""))
                .json();
        JsonNode none = entra.get("/Users?filter=" + encode("userName eq \"non-existent user\""))
                .json();
        assertThat(byUserName.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byUserName.get("Resources").get(0).get("id").asString()).isEqualTo(user);
        assertThat(none.get("totalResults").asInt()).isZero();
        assertThat(none.get("Resources")).isEmpty();

        ScimClient.Response multiValued = entra.patch(
                "/Users/" + user,
                """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [
                            {
                            "op": "Replace",
                            "path": "emails[type eq \\"work\\"].value",
                            "value": "updatedEmail@microsoft.com"
                            },
                            {
                            "op": "Replace",
                            "path": "name.familyName",
                            "value": "updatedFamilyName"
                            }
                    ]
                }
                """);
        ScimClient.Response singleValued = entra.patch(
                "/Users/" + user,
                """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "Replace",
                        "path": "userName",
                        "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
                    }]
                }
                """);
        ScimClient.Response group = entra.post(
                "/Groups",
                """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                    "displayName": "displayName",
                    "meta": {
                        "resourceType": "Group"
                    }
                }
                """);
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        String groupId = group.json().get("id").asString();
        assertThat(entra.get("/Groups/" + groupId + "?excludedAttributes=members")
                        .json()
                        .has("members"))
                .isFalse();
        JsonNode byName = entra.get(
                        "/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"displayName\""))
                .json();
        assertThat(byName.get("Resources").get(0).get("id").asString()).isEqualTo(groupId);

        ScimClient.Response renamed = entra.patch(
                "/Groups/" + groupId,
                """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "Replace",
                        "path": "displayName",
                        "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"
                    }]
                }
                """);
        ScimClient.Response added = entra.patch(
                "/Groups/" + groupId,
                """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "Add",
                        "path": "members",
                        "value": [{
                            "$ref": null,
                            "value": "%s"
                        }]
                    }]
                }
                """
                        .formatted(user));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(members(entraAccount, groupId)).containsExactly(Long.parseLong(user));
        ScimClient.Response removed = entra.patch(
                "/Groups/" + groupId,
                """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "Remove",
                        "path": "members",
                        "value": [{
                            "$ref": null,
                            "value": "%s"
                        }]
                    }]
                }
                """
                        .formatted(user));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(members(entraAccount, groupId)).isEmpty();

        ScimClient.Response disabled = entra.patch(
                "/Users/" + user,
                """
                {
                    "Operations": [
                        {
                            "op": "Replace",
                            "path": "active",
                            "value": false
                        }
                    ],
                    "schemas": [
                        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
                    ]
                }
                """);
        assertThat(multiValued.status()).as(multiValued.body()).isEqualTo(200);
        assertThat(singleValued.status()).as(singleValued.body()).isEqualTo(200);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        JsonNode read = entra.get("/Users/" + user).json();
        assertThat(read.get("userName").asString()).isEqualTo("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
        assertThat(read.get("name").get("familyName").asString()).isEqualTo("updatedFamilyName");
        assertThat(read.get("active").asBoolean()).isFalse();
        Agent agent = agent(entraAccount, user);
        assertThat(agent.email()).isEqualTo("updatedEmail@microsoft.com");
        assertThat(agent.suspended()).isTrue();

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(entra.get("/Users/" + user).json().get("active").asBoolean()).isFalse();
        assertThat(agent(entraAccount, user).suspended()).isTrue();
        assertThat(entra.delete("/Groups/" + groupId).status()).isEqualTo(204);
        assertThat(entra.delete("/Users/" + user).status()).isEqualTo(204);
        assertThat(agent(entraAccount, user).active()).isFalse();
    }

    @Test
    void oktaProvisionsAUserAndPushesAGroup() {
        ScimClient okta = new ScimClient(
                app.http().port(), oktaAccount.host(), oktaAccount.admin().token());

        JsonNode lookup = okta.get(
                        "/Users?filter=" + encode("userName eq \"test.user@okta.local\"") + "&startIndex=1&count=100")
                .json();
        assertThat(lookup.get("totalResults").asInt()).isZero();
        ScimClient.Response created = okta.post(
                "/Users",
                """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                  "userName": "test.user@okta.local",
                  "name": {
                    "givenName": "Test",
                    "familyName": "User"
                  },
                  "emails": [{
                    "primary": true,
                    "value": "test.user@okta.local",
                    "type": "work"
                  }],
                  "displayName": "Test User",
                  "locale": "en-US",
                  "externalId": "00ujl29u0le5T6Aj10h7",
                  "groups": [],
                  "password": "1mz050nq",
                  "active": true
                }
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String user = created.json().get("id").asString();

        ScimClient.Response replaced = okta.put(
                "/Users/" + user,
                """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                  "id": "%s",
                  "userName": "test.user@okta.local",
                  "name": {
                    "givenName": "Another",
                    "familyName": "User"
                  },
                  "emails": [{
                    "primary": true,
                    "value": "test.user@okta.local",
                    "type": "work"
                  }],
                  "displayName": "Another User",
                  "locale": "en-US",
                  "externalId": "00ujl29u0le5T6Aj10h7",
                  "groups": [],
                  "active": true
                }
                """
                        .formatted(user));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(agent(oktaAccount, user).name()).isEqualTo("Another User");

        ScimClient.Response group = okta.post(
                "/Groups",
                """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "displayName": "Test SCIMv2",
                  "members": []
                }
                """);
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        String groupId = group.json().get("id").asString();
        assertThat(okta.get("/Groups?startIndex=1&count=100")
                        .json()
                        .get("totalResults")
                        .asInt())
                .isEqualTo(2); // with the account's Support
        ScimClient.Response renamed = okta.patch(
                "/Groups/" + groupId,
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{
                    "op": "replace",
                    "value": {
                      "id": "%s",
                      "displayName": "Test SCIMv2 Updated"
                    }
                  }]
                }
                """
                        .formatted(groupId));
        ScimClient.Response added = okta.patch(
                "/Groups/" + groupId,
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{
                    "op": "add",
                    "path": "members",
                    "value": [{
                      "value": "%s",
                      "display": "test.user@okta.local"
                    }]
                  }]
                }
                """
                        .formatted(user));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(members(oktaAccount, groupId)).containsExactly(Long.parseLong(user));
        ScimClient.Response removed = okta.patch(
                "/Groups/" + groupId,
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{
                    "op": "remove",
                    "path": "members[value eq \\"%s\\"]"
                  }]
                }
                """
                        .formatted(user));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(members(oktaAccount, groupId)).isEmpty();

        ScimClient.Response deactivated = okta.patch(
                "/Users/" + user,
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{
                    "op": "replace",
                    "value": {
                      "active": false
                    }
                  }]
                }
                """);
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(agent(oktaAccount, user).suspended()).isTrue();
        assertThat(okta.delete("/Groups/" + groupId).status()).isEqualTo(204);
    }

    private static Agent agent(TestAccount account, String id) {
        return app.services().agents().get(account.admin().caller(), new AgentId(Long.parseLong(id)));
    }

    private static List<Long> members(TestAccount account, String group) {
        return app
                .services()
                .memberships()
                .ofGroups(account.admin().caller(), List.of(new GroupId(Long.parseLong(group))))
                .stream()
                .map(Membership::agentId)
                .map(AgentId::value)
                .toList();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
