package io.groupdesk.api.contract;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.XmlDocument;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Zendesk classic in XML: email and password in basic auth, {@code /groups.xml}, members as the group's
 * {@code <agents>} array (omitted: unchanged; given: the whole membership), pages of 100 chosen by {@code page}
 * (reference/zendesk.md).
 */
final class ZendeskXmlDialectDriver implements GroupsDialectDriver {
    private static final int PAGE_SIZE = 100;

    private final Http http;

    ZendeskXmlDialectDriver(Http http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "Zendesk XML";
    }

    @Override
    public Optional<String> showsDeletedGroups() {
        return Optional.of(
                "Zendesk classic sets a deleted group inactive, still shown with is-active false, and deleting"
                        + " it again succeeds (reference/zendesk.md, Destroy)");
    }

    @Override
    public Optional<String> lacks(Operation operation) {
        return Optional.empty();
    }

    @Override
    public GroupId createGroup(Actor actor, String name) {
        Response created =
                send(actor, xml(http.post("/groups.xml"), "<group><name>" + escape(name) + "</name></group>"), 201);
        return new GroupId(Long.parseLong(XmlDocument.parse(created).text("/group/id")));
    }

    @Override
    public void renameGroup(Actor actor, GroupId group, String name) {
        send(actor, xml(http.put(path(group)), "<group><name>" + escape(name) + "</name></group>"), 200);
    }

    @Override
    public void deleteGroup(Actor actor, GroupId group) {
        send(actor, http.delete(path(group)), 200);
    }

    @Override
    public void addMember(Actor actor, GroupId group, AgentId agent) {
        Set<AgentId> members = new HashSet<>(members(actor, group));
        members.add(agent);
        putMembers(actor, group, members);
    }

    @Override
    public void removeMember(Actor actor, GroupId group, AgentId agent) {
        Set<AgentId> members = new HashSet<>(members(actor, group));
        members.remove(agent);
        putMembers(actor, group, members);
    }

    @Override
    public Set<AgentId> members(Actor actor, GroupId group) {
        return XmlDocument.parse(send(actor, http.get(path(group)), 200)).texts("/group/users/user/id").stream()
                .map(id -> new AgentId(Long.parseLong(id)))
                .collect(Collectors.toSet());
    }

    @Override
    public int pageSize(int wanted) {
        return PAGE_SIZE; // the classic API has a page parameter but no page size
    }

    @Override
    public GroupPage listGroups(Actor actor, int size, Optional<String> next) {
        int page = next.map(Integer::parseInt).orElse(1);
        XmlDocument xml = XmlDocument.parse(send(actor, http.get("/groups.xml?page=" + page), 200));
        List<GroupId> groups = xml.texts("/groups/group/id").stream()
                .map(id -> new GroupId(Long.parseLong(id)))
                .toList();
        long count = Long.parseLong(xml.attribute("/groups", "count"));
        return new GroupPage(
                groups, (long) page * PAGE_SIZE < count ? Optional.of(Integer.toString(page + 1)) : Optional.empty());
    }

    private void putMembers(Actor actor, GroupId group, Set<AgentId> members) {
        String agents = members.stream()
                .map(agent -> "<agent>" + agent.value() + "</agent>")
                .collect(Collectors.joining());
        send(actor, xml(http.put(path(group)), "<group><agents type='array'>" + agents + "</agents></group>"), 200);
    }

    private static String path(GroupId group) {
        return "/groups/" + group.value() + ".xml";
    }

    private static Http.Request xml(Http.Request request, String body) {
        return request.body("application/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Response send(Actor actor, Http.Request request, int success) {
        request.host(actor.account().host());
        actor.agent().ifPresent(agent -> request.authorization(Http.basic(agent.email(), agent.password())));
        Response response = request.send();
        if (response.status() == success) {
            return response;
        }
        throw new Refused(
                switch (response.status()) {
                    case 401 -> Refusal.UNAUTHENTICATED;
                    case 403 -> Refusal.FORBIDDEN;
                    case 404 -> Refusal.NOT_FOUND;
                    case 422 -> Refusal.INVALID;
                    default -> throw new AssertionError("Zendesk classic answered " + response);
                },
                response.toString());
    }
}
