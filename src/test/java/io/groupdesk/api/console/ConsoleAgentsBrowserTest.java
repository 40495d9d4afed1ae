package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentSearch;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The agents list and an agent's groups in a real headless Chromium, on the bootstrap account loaded with the command
 * line's sample data (300 agents): searched, filtered, paged and changed with the keyboard alone, at 1280 and 390 px,
 * as an admin and as an agent. Screenshots go under {@code target/screenshots/<test>/}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleAgentsBrowserTest {
    private static TestApp app;
    private static Browser browser;
    private static Agent far;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        if (!Browser.installed()) {
            return; // each test reports itself skipped, with how to install Chromium
        }
        app = TestApp.start(database);
        SampleAccount.load(app.environment(), 120, 300, 2000);
        AgentSearch sample = AgentSearch.activeAgents().withText("@sample");
        long total = app.services().agents().count(app.system(), sample);
        far = app.services()
                .agents()
                .search(app.system(), sample, PageRequest.offset((int) total, 1))
                .items()
                .get(0);
        browser = Browser.open("http://localhost:" + app.groupdesk().port());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void signedOut(TestInfo test) {
        Browser.assumeInstalled();
        browser.startTest(test.getTestMethod().orElseThrow().getName() + "-" + database);
    }

    private void signIn(String email, String password) {
        browser.signIn(email, password);
        browser.expectPage("Groups", "groups");
    }

    @Test
    void adminSearchesTheAgentsAndChangesAnAgentsGroupsWithTheKeyboard() {
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.visit("/console/agents");
        browser.expectPage("Agents", "agents");
        long total = app.services().agents().count(app.system(), AgentSearch.activeAgents());
        assertThat(browser.find("#agent-total").getText()).isEqualTo(AgentPages.number(total) + " agents");
        assertThat(browser.find(".pager").getText()).contains("Page 1 of " + AgentPages.pages(total, 25));

        // the search field is labelled, and Enter in it searches
        WebElement search = browser.find("#agents-q");
        assertThat(search.getAccessibleName()).isEqualTo("Name or email");
        search.sendKeys(far.email().toUpperCase(java.util.Locale.ROOT), Keys.ENTER);
        browser.waitForUrlContaining("q=");
        browser.expectPage("Agents", "agents-search");
        assertThat(browser.find("#agent-total").getText()).startsWith("1 agent matches");
        WebElement link =
                browser.find("#agents a[href='/console/agents/" + far.id().value() + "']");
        link.sendKeys(Keys.ENTER);
        browser.expectPage(far.name(), "agent");
        long before = app.services().groups().countOfAgent(app.system(), far.id());
        assertThat(browser.find(".meta").getText()).endsWith("in " + before + (before == 1 ? " group" : " groups"));

        // find groups by name, tick two with the space bar, add them
        Group north = app.fixtures().group(app.bootstrapAccount(), "Browser North " + database);
        Group south = app.fixtures().group(app.bootstrapAccount(), "Browser South " + database);
        browser.find("#group-q").sendKeys("Browser ", Keys.ENTER);
        browser.find("#add-groups-form");
        browser.screenshot("agent-group-search");
        browser.find("#add-group-" + north.id().value()).sendKeys(Keys.SPACE);
        browser.find("#add-group-" + south.id().value()).sendKeys(Keys.SPACE);
        browser.find("#add-groups-form button[type=submit]").sendKeys(Keys.ENTER);
        browser.expectPage(far.name(), "agent-groups-added");
        assertThat(browser.find(".notice").getText()).isEqualTo("The agent was added to the groups.");
        assertThat(groupsOf(far)).contains(north.id(), south.id());

        // make one the default from its row, then remove both by selection
        Membership northMembership = membership(far, north);
        browser.find("#agent-groups button[formaction$='/groups/default'][value='"
                        + northMembership.id().value() + "']")
                .sendKeys(Keys.ENTER);
        browser.expectPage(far.name(), "agent-default-changed");
        assertThat(app.services().memberships().defaultGroupOf(app.system(), far.id()))
                .hasValue(north.id());
        browser.visit("/console/agents/" + far.id().value() + "?groups_page="
                + AgentPages.pages(app.services().groups().countOfAgent(app.system(), far.id()), 50));
        browser.find("#select-" + membership(far, south).id().value()).sendKeys(Keys.SPACE);
        browser.find("#select-" + northMembership.id().value()).sendKeys(Keys.SPACE);
        WebElement remove = browser.find("#agent-groups-form button[value=remove]");
        remove.sendKeys(Keys.ENTER);
        browser.expectPage(far.name(), "agent-groups-removed");
        assertThat(groupsOf(far)).doesNotContain(north.id(), south.id());
        assertThat(app.services().groups().countOfAgent(app.system(), far.id())).isEqualTo(before);
    }

    @Test
    void theFocusedControlIsOutlined() {
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.visit("/console/agents?role=agent");
        browser.expectPage("Agents", "agents-filtered");

        browser.find("#agents-q").sendKeys(Keys.TAB);
        WebElement focused = browser.driver().switchTo().activeElement();

        assertThat(focused.getAttribute("id")).isEqualTo("agents-role");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
        browser.screenshot("agents-role-focused");
    }

    @Test
    void agentReadsTheListAndAnAgentPageWithoutForms() {
        TestAgent viewer = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        signIn(viewer.email(), viewer.password());

        browser.visit("/console/agents?status=any&page=2");
        browser.expectPage("Agents", "agents-read-only");
        assertThat(browser.all("main form[method=post]")).isEmpty();
        browser.visit("/console/agents/" + far.id().value());
        browser.expectPage(far.name(), "agent-read-only");
        assertThat(browser.all("main form[method=post]")).isEmpty();
        assertThat(browser.all("#add-groups")).isEmpty();
    }

    @Test
    void agentsPagesFitAPhoneWidthWindow() {
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

        browser.visit("/console/agents?page=2");
        browser.expectPage("Agents", "agents-phone");
        assertNoHorizontalScroll();
        browser.visit("/console/agents/" + far.id().value() + "?group_q=a");
        browser.expectPage(far.name(), "agent-phone");
        assertNoHorizontalScroll();
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('groups').scrollIntoView();");
        browser.screenshot("agent-phone-groups");
        ((JavascriptExecutor) browser.driver())
                .executeScript("document.getElementById('add-groups').scrollIntoView();");
        browser.screenshot("agent-phone-add-groups");
    }

    private void assertNoHorizontalScroll() {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) js.executeScript("return window.innerWidth;");
        assertThat(viewport).isLessThanOrEqualTo(400);
        assertThat(scrollWidth).as("page width at a %d px window", viewport).isLessThanOrEqualTo(viewport);
    }

    private static List<GroupId> groupsOf(Agent agent) {
        return app.services().memberships().ofAgent(app.system(), agent.id()).stream()
                .map(Membership::groupId)
                .toList();
    }

    private static Membership membership(Agent agent, Group group) {
        return app.services().memberships().ofAgent(app.system(), agent.id()).stream()
                .filter(m -> m.groupId().equals(group.id()))
                .findFirst()
                .orElseThrow();
    }
}
