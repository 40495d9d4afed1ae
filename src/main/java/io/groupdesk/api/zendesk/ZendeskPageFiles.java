package io.groupdesk.api.zendesk;

import io.groupdesk.agents.Agent;
import io.groupdesk.api.QueryString;
import io.groupdesk.bulk.ImportSet;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.Slice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export and import files in the shape of Zendesk's v2 list responses with cursor pagination: one file per page,
 * {@code users/page-00001.json}, {@code groups/…}, {@code group_memberships/…}, each exactly the body that
 * {@code GET /api/v2/users}, {@code /groups} or {@code /group_memberships} with {@code page[size]} answers. Pages are
 * rendered with the API's own records and pagination, so a file and a response cannot differ.
 *
 * <p>Reading accepts what a script that pulled data out of Zendesk saved: any {@code *.json} file under a folder
 * named {@code users}, {@code groups} or {@code group_memberships} holds that kind; any other {@code *.json} file is
 * read by its first top-level key among those three (a sideload such as {@code include=users} in a membership page
 * is not read twice).
 */
public final class ZendeskPageFiles {
    /** Zendesk's largest page. */
    public static final int PAGE_SIZE = 100;

    public static final String USERS = "users";
    public static final String GROUPS = "groups";
    public static final String MEMBERSHIPS = "group_memberships";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final String baseUrl;

    /** @param baseUrl the base URL for {@code url} fields and pagination links, without a trailing slash */
    public ZendeskPageFiles(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The file of page {@code number} (from 1) of a kind. */
    public static Path pageFile(Path dir, String kind, int number) {
        return dir.resolve(kind).resolve(String.format("page-%05d.json", number));
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    /**
     * Writes a page of users.
     *
     * @param afterId the id of the last user of the previous page, empty for the first page
     * @param defaults each agent's default group, where it has one
     */
    public void writeUsers(
            Path file, List<Agent> agents, Map<AgentId, GroupId> defaults, Optional<Long> afterId, boolean hasMore) {
        write(
                file,
                USERS,
                agents,
                agent -> ZendeskUserJson.of(agent, Optional.ofNullable(defaults.get(agent.id())), baseUrl),
                agent -> agent.id().value(),
                afterId,
                hasMore);
    }

    /** Writes a page of groups; {@code afterId} as in {@link #writeUsers}. */
    public void writeGroups(Path file, List<Group> groups, Optional<Long> afterId, boolean hasMore) {
        write(
                file,
                GROUPS,
                groups,
                group -> ZendeskGroupJson.of(group, baseUrl),
                group -> group.id().value(),
                afterId,
                hasMore);
    }

    /** Writes a page of memberships; {@code afterId} as in {@link #writeUsers}. */
    public void writeMemberships(Path file, List<Membership> memberships, Optional<Long> afterId, boolean hasMore) {
        write(
                file,
                MEMBERSHIPS,
                memberships,
                membership -> ZendeskMembershipJson.of(membership, baseUrl),
                membership -> membership.id().value(),
                afterId,
                hasMore);
    }

    private <T> void write(
            Path file,
            String key,
            List<T> items,
            Function<T, Object> render,
            ToLongFunction<T> idOf,
            Optional<Long> afterId,
            boolean hasMore) {
        QueryString query = QueryString.parse("page%5Bsize%5D=" + PAGE_SIZE
                + afterId.map(id -> "&page%5Bafter%5D=" + new Cursor(id).encode())
                        .orElse(""));
        ZendeskPaging paging = ZendeskPaging.parse(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items.stream().map(render).toList());
        paging.describe(
                body,
                new Slice<>(items, hasMore, OptionalLong.empty()),
                baseUrl + "/api/v2/" + key + ".json",
                query,
                idOf);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** A file that is not JSON, or not a page of any known kind, named for the error message. */
    public static final class UnreadableFileException extends RuntimeException {
        UnreadableFileException(String message) {
            super(message);
        }
    }

    /**
     * Reads every page under {@code dir} (recursively, in path order) into one import set.
     *
     * @throws UnreadableFileException a {@code *.json} file is not valid JSON or holds none of the three kinds
     */
    public ImportSet read(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        // pages parse independently; toList keeps the path order, so the set is the same on every run
        List<ImportSet> pages =
                files.parallelStream().map(file -> readFile(dir, file)).toList();
        List<ImportSet.User> users = new ArrayList<>();
        List<ImportSet.Group> groups = new ArrayList<>();
        List<ImportSet.Membership> memberships = new ArrayList<>();
        for (ImportSet page : pages) {
            users.addAll(page.users());
            groups.addAll(page.groups());
            memberships.addAll(page.memberships());
        }
        // a page shows en-US and UTC for an agent without a locale or time zone (ZendeskUserJson)
        return new ImportSet(
                users,
                groups,
                memberships,
                new ImportSet.Unset(ZendeskUserJson.DEFAULT_LOCALE, ZendeskUserJson.DEFAULT_TIME_ZONE));
    }

    private ImportSet readFile(Path root, Path file) {
        String name = root.relativize(file).toString().replace('\\', '/');
        JsonNode body;
        try {
            body = mapper.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new UnreadableFileException(name + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new UnreadableFileException(name + " is not a JSON object");
        }
        String kind = kindOf(file)
                .or(() -> firstKey(body))
                .orElseThrow(
                        () -> new UnreadableFileException(name + " holds none of users, groups or group_memberships"));
        JsonNode rows = body.get(kind);
        if (rows == null || !rows.isArray()) {
            throw new UnreadableFileException(name + " has no \"" + kind + "\" list");
        }
        List<ImportSet.User> users = new ArrayList<>();
        List<ImportSet.Group> groups = new ArrayList<>();
        List<ImportSet.Membership> memberships = new ArrayList<>();
        int index = 0;
        for (JsonNode row : rows) {
            String source = name + "#" + (++index);
            if (!row.isObject()) {
                throw new UnreadableFileException(source + " is not a JSON object");
            }
            switch (kind) {
                case USERS -> users.add(user(source, row));
                case GROUPS -> groups.add(group(source, row));
                default -> memberships.add(membership(source, row));
            }
        }
        return new ImportSet(users, groups, memberships);
    }

    /** The kind a file's folder names: the nearest of its parent folders called users, groups or group_memberships. */
    private static Optional<String> kindOf(Path file) {
        for (Path dir = file.getParent(); dir != null && dir.getFileName() != null; dir = dir.getParent()) {
            String folder = dir.getFileName().toString();
            if (folder.equals(USERS) || folder.equals(GROUPS) || folder.equals(MEMBERSHIPS)) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstKey(JsonNode body) {
        for (String key : body.propertyNames()) {
            if (key.equals(USERS) || key.equals(GROUPS) || key.equals(MEMBERSHIPS)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static ImportSet.User user(String source, JsonNode row) {
        JsonNode photo = row.get("photo");
        return new ImportSet.User(
                source,
                id(source, row, "id"),
                text(row, "name"),
                text(row, "email"),
                text(row, "role"),
                bool(row, "active", true),
                bool(row, "suspended", false),
                text(row, "phone"),
                text(row, "alias"),
                text(row, "locale"),
                text(row, "time_zone"),
                text(row, "position"),
                text(row, "work_id"),
                photo != null && photo.isObject() ? text(photo, "content_url") : null,
                routing(source, row));
    }

    /** Groupdesk's {@code accepts_assignments} and {@code skill_level} extensions; null when a row has neither. */
    private static ImportSet.Routing routing(String source, JsonNode row) {
        if (!row.has("accepts_assignments") && !row.has("skill_level")) {
            return null;
        }
        JsonNode level = row.get("skill_level");
        Integer skillLevel = null;
        if (level != null && !level.isNull()) {
            if (!level.isIntegralNumber() || !level.canConvertToInt()) {
                throw new UnreadableFileException(source + " has a \"skill_level\" that is not a whole number");
            }
            skillLevel = level.asInt();
        }
        return new ImportSet.Routing(bool(row, "accepts_assignments", true), skillLevel);
    }

    private static ImportSet.Group group(String source, JsonNode row) {
        return new ImportSet.Group(
                source,
                id(source, row, "id"),
                text(row, "name"),
                text(row, "description"),
                bool(row, "is_public", true),
                bool(row, "default", false),
                bool(row, "deleted", false));
    }

    private static ImportSet.Membership membership(String source, JsonNode row) {
        return new ImportSet.Membership(
                source,
                row.has("id") ? id(source, row, "id") : 0,
                id(source, row, "user_id"),
                id(source, row, "group_id"),
                bool(row, "default", false));
    }

    private static long id(String source, JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value != null
                && value.isString()
                && Ids.parse(value.asString().strip()).isPresent()) {
            return Ids.parse(value.asString().strip()).getAsLong();
        }
        throw new UnreadableFileException(source + " has no numeric \"" + field + "\"");
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.asString() : value.toString();
    }

    private static boolean bool(JsonNode row, String field, boolean absent) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? absent : value.asBoolean(absent);
    }
}
