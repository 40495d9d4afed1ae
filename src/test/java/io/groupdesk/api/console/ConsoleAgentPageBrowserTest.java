package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.Optional;
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
 * The agent page and the history pages in a real headless Chromium: reached from a group's member table with the
 * keyboard, at a desktop and a phone width, as an admin and as an agent. Screenshots go under
 * {@code target/screenshots/<test>/}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleAgentPageBrowserTest {
    private static TestApp app;
    private static Browser browser;
    private static TestAgent member;
    private static Group group;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        if (!Browser.installed()) {
            return; // each test reports itself skipped, with how to install Chromium
        }
        app = TestApp.start(database);
        member = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        group = app.fixtures().group(app.bootstrapAccount(), "Tier 2");
        Membership membership = app.fixtures().membership(app.bootstrapAccount(), member, group);
        app.services().memberships().makeDefault(app.system(), member.agent().id(), membership.id());
        app.services()
                .groups()
                .update(
                        app.system(),
                        group.id(),
                        new GroupChanges(Optional.of("Tier 2 (EU)"), Optional.empty(), Optional.empty()));
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
    void adminFollowsAMemberToItsPageAndOnToTheHistoriesWithTheKeyboard() {
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.visit("/console/groups/" + group.id().value());
        browser.expectPage("Tier 2 (EU)", "group");
        assertThat(browser.find("#history tbody tr").getText()).contains("Name changed from Tier 2 to Tier 2 (EU)");

        browser.find("#members a[href='/console/agents/" + member.agent().id().value() + "']")
                .sendKeys(Keys.ENTER);
        browser.expectPage(member.agent().name(), "agent");

        assertThat(browser.find("#default-group").getText()).isEqualTo("Default group: Tier 2 (EU)");
        assertThat(browser.find("#agent-groups").getText()).contains("Tier 2 (EU) default");
        assertThat(browser.find("#history").getText())
                .contains("Default group changed from")
                .contains("Created agent " + member.agent().name());

        WebElement full =
                browser.find("a[href='/console/agents/" + member.agent().id().value() + "/history']");
        assertThat(full.getText()).startsWith("Full history");
        assertThat(full.getAccessibleName())
                .isEqualTo("Full history of " + member.agent().name());
        full.sendKeys(Keys.ENTER);
        browser.expectPage("History of " + member.agent().name(), "agent-history");
        assertThat(browser.all("#history tbody tr")).isNotEmpty();

        browser.find(".crumbs a[href='/console/agents/" + member.agent().id().value() + "']")
                .sendKeys(Keys.ENTER);
        browser.expectPage(member.agent().name(), "agent-again");
    }

    @Test
    void agentSeesTheAgentPageWithoutHistory() {
        TestAgent viewer = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        signIn(viewer.email(), viewer.password());

        browser.visit("/console/agents/" + member.agent().id().value());
        browser.expectPage(member.agent().name(), "agent-read-only");

        assertThat(browser.find("#default-group").getText()).isEqualTo("Default group: Tier 2 (EU)");
        assertThat(browser.all("#history")).isEmpty();
        assertThat(browser.all("main form[method=post]")).isEmpty();

        browser.visit("/console/agents/" + member.agent().id().value() + "/history");
        browser.expectPage("Not allowed", "agent-history-forbidden");
    }

    @Test
    void agentAndHistoryPagesFitAPhoneWidthWindow() {
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String agent = "/console/agents/" + member.agent().id().value();
        String groupPage = "/console/groups/" + group.id().value();

        browser.visit(agent);
        browser.expectPage(member.agent().name(), "agent-phone");
        assertNoHorizontalScroll();
        browser.visit(agent + "/history");
        browser.expectPage("History of " + member.agent().name(), "agent-history-phone");
        assertNoHorizontalScroll();
        browser.visit(groupPage + "/history");
        browser.expectPage("History of Tier 2 (EU)", "group-history-phone");
        assertNoHorizontalScroll();
    }

    private void assertNoHorizontalScroll() {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) js.executeScript("return window.innerWidth;");
        assertThat(viewport).isLessThanOrEqualTo(400);
        assertThat(scrollWidth).as("page width at a %d px window", viewport).isLessThanOrEqualTo(viewport);
    }
}
