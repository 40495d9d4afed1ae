package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.QueryPlans;
import io.groupdesk.testing.QueryPlans.Plan;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every list and count the APIs run can be served by an index that leads with {@code account_id}, so its cost
 * depends on the account's own rows and not on every tenant's. The statements are the repositories' own: they are
 * caught as the services run them, then explained on the same connection with the same parameters. PostgreSQL is
 * asked with sequential scans discouraged (on a test-sized table it would rightly prefer one), so the plan shows
 * whether a fitting index exists at all; H2 plans show the index it picked.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ListQueryIndexTest {
    private static final Pattern H2_BY_LISTED_ID = Pattern.compile("/\\* public\\.\\w+: [^*]*= t\\.id\\b");
    private static final Pattern PG_BY_LISTED_ID = Pattern.compile("Index Cond: [^\n]*= t\\.id\\)");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void everyListAndCountUsesAnIndexLeadingWithAccountId() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Tier 1");
        app.fixtures().privateGroup(account.id(), "Tier 2");
        app.fixtures().membership(account.id(), agent, group);
        Caller admin = account.admin().caller();
        Caller member = agent.caller();
        var services = app.services();
        List<Plan> plans = new ArrayList<>();

        explainingSelects(plans, () -> {
            services.groups().list(admin, GroupService.Scope.ALL, false, PageRequest.first(100));
            services.groups()
                    .list(
                            admin,
                            GroupService.Scope.ALL,
                            false,
                            PageRequest.after(new Cursor(group.id().value()), 100));
            services.groups().list(member, GroupService.Scope.ALL, false, PageRequest.first(100));
            services.groups().count(admin);
            services.groups().count(member);
            services.groups().listOfAgent(admin, agent.agent().id(), PageRequest.first(100));
            services.memberships().list(admin, MembershipFilter.all(), PageRequest.first(100));
            services.memberships().list(admin, MembershipFilter.ofGroup(group.id()), PageRequest.first(100));
            services.memberships()
                    .list(admin, MembershipFilter.ofAgent(agent.agent().id()), PageRequest.first(100));
            services.memberships().list(member, MembershipFilter.all(), PageRequest.first(100));
            services.agents().list(admin, Set.of(Role.ADMIN, Role.AGENT), PageRequest.first(100));
            services.agents().listInGroup(admin, group.id(), PageRequest.first(100));
            services.memberships().members(admin, List.of(group.id()), each -> {});
        });

        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from agent_groups"));
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from memberships"));
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from agents"));
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from group_tallies"));
        Set<String> accountLed =
                QueryPlans.accountLedIndexes(app.groupdesk().database().jdbi(), database, TENANT_TABLES);
        for (Plan plan : plans) {
            QueryPlans.assertAccountLed(plan, accountLed);
            if (database == TestDatabase.H2
                    && plan.sql().contains(" limit ")
                    && !plan.sql().contains("m.agent_id =")) {
                // a page is read off the index in order and stops at its size, not sorted out of all the account's
                // rows ("index sorted: 2 of 3 columns" is one group's memberships, sorted by id within the group)
                assertThat(plan.text())
                        .as(plan.sql())
                        .contains("/* index sorted")
                        .doesNotContain("index sorted: 1 of");
            }
            if (plan.sql().contains("from unnest")) {
                // a statement over a list of ids looks each id up, rather than reading the account and filtering
                assertThat(plan.text())
                        .as(plan.sql())
                        .containsPattern(database == TestDatabase.H2 ? H2_BY_LISTED_ID : PG_BY_LISTED_ID);
            }
        }
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from unnest"));
    }

    @Test
    void onH2ARosterReadsItsAgentsFromAnIndexAlone() {
        // H2 reads an agent's whole row for each member it looks up by key, unless an index holds all the roster
        // reads of an agent (db/h2/V12)
        assumeTrue(database == TestDatabase.H2);
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Roster");
        app.fixtures().membership(account.id(), agent, group);
        List<Plan> plans = new ArrayList<>();
        List<String> names = new ArrayList<>();

        explainingSelects(plans, () -> app.services()
                .memberships()
                .members(account.admin().caller(), List.of(group.id()), member -> names.add(member.name())));

        assertThat(names).containsExactly(agent.agent().name());
        assertThat(plans)
                .filteredOn(plan -> plan.sql().contains("join agents a"))
                .singleElement()
                .satisfies(plan -> assertThat(plan.indexes()).as(plan.text()).contains("agents_roster_idx"));
    }

    private static final List<String> TENANT_TABLES = List.of("agent_groups", "memberships", "agents", "group_tallies");

    /** Runs {@code work} with every SELECT on a tenant table explained right after it ran. */
    private void explainingSelects(List<Plan> plans, Runnable work) {
        QueryPlans.explaining(
                app.groupdesk().database().jdbi(),
                database,
                sql -> sql.startsWith("select")
                        && sql.matches(".*(from|join) (agent_groups|memberships|agents|group_tallies)\\b.*")
                        && !sql.contains("for update"),
                plans,
                work);
    }
}
