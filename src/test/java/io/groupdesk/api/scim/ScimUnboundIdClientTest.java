package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import io.groupdesk.agents.Agent;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UnboundID SCIM 2 SDK's client ({@code scim2-sdk-client} 4.0.0) against the running service, in the bootstrap
 * account (the client sends its own Host), as an administrator's Bearer token.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimUnboundIdClientTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Client client;
    private static ScimService scim;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        client = ClientBuilder.newClient(new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()));
        client.register((ClientRequestFilter)
                request -> request.getHeaders().putSingle("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        scim = new ScimService(client.target(app.http().baseUrl() + "/scim/v2"));
    }

    @AfterParameterizedClassInvocation
    static void close() {
        client.close();
    }

    @Test
    void readsTheServiceProviderConfig() throws ScimException {
        assertThat(scim.getServiceProviderConfig().getPatch().isSupported()).isTrue();
        assertThat(scim.getResourceTypes().getTotalResults()).isEqualTo(2);
    }

    @Test
    void createsGetsSearchesReplacesPatchesAndDeletesAUser() throws ScimException {
        String email = unique("sdk") + "@example.test";
        UserResource created = scim.create(
                "Users",
                new UserResource()
                        .setUserName(email)
                        .setName(new Name().setGivenName("Sam").setFamilyName("Dee"))
                        .setDisplayName("Sam Dee")
                        .setEmails(new Email().setValue(email).setType("work").setPrimary(true))
                        .setActive(true));

        UserResource read = scim.retrieve("Users", created.getId(), UserResource.class);
        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter(Filter.and(Filter.eq("userName", email.toUpperCase()), Filter.pr("name.givenName")))
                .sort("userName", SortOrder.ASCENDING)
                .page(1, 10)
                .invoke(UserResource.class);
        read.setDisplayName("Sam Replaced");
        UserResource replaced = scim.replace(read);
        UserResource patched = scim.modifyRequest("Users", created.getId())
                .replaceValue("title", "Engineer")
                .replaceValue("active", false)
                .invoke(UserResource.class);

        assertThat(read.getUserName()).isEqualTo(email);
        assertThat(read.getName().getGivenName()).isEqualTo("Sam");
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().get(0).getId()).isEqualTo(created.getId());
        assertThat(replaced.getDisplayName()).isEqualTo("Sam Replaced");
        assertThat(patched.getTitle()).isEqualTo("Engineer");
        assertThat(patched.getActive()).isFalse();
        Agent agent = agent(created.getId());
        assertThat(agent.name()).isEqualTo("Sam Replaced");
        assertThat(agent.position()).isEqualTo("Engineer");
        assertThat(agent.suspended()).isTrue();

        scim.delete("Users", created.getId());

        assertThat(agent(created.getId()).active()).isFalse();
        assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void patchesTheMembersOfAGroup() throws ScimException {
        UserResource first = user();
        UserResource second = user();
        GroupResource group = scim.create(
                "Groups",
                new GroupResource()
                        .setDisplayName(unique("SDK group"))
                        .setMembers(List.of(new Member().setValue(first.getId()))));

        scim.modifyRequest("Groups", group.getId())
                .addValues("members", new Member().setValue(second.getId()))
                .invoke(GroupResource.class);
        scim.modifyRequest("Groups", group.getId())
                .removeValues(Path.fromString("members[value eq \"" + first.getId() + "\"]"))
                .invoke(GroupResource.class);

        GroupResource read = scim.retrieve("Groups", group.getId(), GroupResource.class);
        assertThat(read.getMembers()).extracting(Member::getValue).containsExactly(second.getId());
        assertThat(members(group.getId())).containsExactly(Long.parseLong(second.getId()));
        ListResponse<GroupResource> byMember = scim.searchRequest("Groups")
                .filter(Filter.hasComplexValue("members", Filter.eq("value", second.getId())))
                .invokePost(GroupResource.class); // POST /Groups/.search
        assertThat(byMember.getResources()).extracting(GroupResource::getId).contains(group.getId());
    }

    private static UserResource user() throws ScimException {
        String email = unique("member") + "@example.test";
        return scim.create("Users", new UserResource().setUserName(email).setEmails(new Email().setValue(email)));
    }

    private static Agent agent(String id) {
        return app.services().agents().get(app.system(), new AgentId(Long.parseLong(id)));
    }

    private static List<Long> members(String group) {
        return app.services().memberships().ofGroups(app.system(), List.of(new GroupId(Long.parseLong(group)))).stream()
                .map(Membership::agentId)
                .map(AgentId::value)
                .toList();
    }

    private static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }
}
