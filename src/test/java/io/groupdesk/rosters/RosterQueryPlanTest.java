package io.groupdesk.rosters;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
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
 * Every roster statement is served by indexes that lead with {@code account_id}, and on H2, whose join order follows
 * its row estimates, a statement over a list of ids starts from the ids and looks each one up by key. The statements
 * are caught as the service runs them and explained on the same connection with the same values.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RosterQueryPlanTest {
    private static final Pattern H2_BY_LISTED_ID = Pattern.compile("/\\* public\\.\\w+: [^*]*= t\\.id\\b");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void everyRosterStatementUsesAnIndexLeadingWithAccountId() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Tier 1");
        Group secret = app.fixtures().privateGroup(account.id(), "Tier 2");
        app.fixtures().membership(account.id(), agent, group);
        app.fixtures().membership(account.id(), agent, secret);
        Caller admin = account.admin().caller();
        Caller member = agent.caller();
        RosterService rosters = app.services().rosters();
        List<Plan> plans = new ArrayList<>();

        QueryPlans.explaining(app.groupdesk().database().jdbi(), database, sql -> true, plans, () -> {
            for (Caller caller : List.of(admin, member)) {
                rosters.agents(
                        caller, AgentFilter.all(), PageRequest.offset(1, 20).withTotal());
                rosters.agents(caller, AgentFilter.inGroup(group.id()), PageRequest.first(100));
                rosters.agent(caller, agent.agent().id());
                rosters.groups(caller, true, PageRequest.first(100));
                rosters.groups(caller, false, PageRequest.offset(1, 20).withTotal());
                rosters.group(caller, group.id());
                rosters.group(caller, group.id(), 100);
            }
        });

        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from unnest"));
        Set<String> accountLed = QueryPlans.accountLedIndexes(
                app.groupdesk().database().jdbi(), database, List.of("agent_groups", "memberships", "agents"));
        for (Plan plan : plans) {
            QueryPlans.assertAccountLed(plan, accountLed);
            if (database == TestDatabase.H2 && plan.sql().contains("from unnest")) {
                assertThat(plan.text()).as(plan.sql()).containsPattern(H2_BY_LISTED_ID);
            }
        }
    }
}
