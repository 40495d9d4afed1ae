package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium, the way an admin and an agent use it. The browser reaches the bootstrap
 * account (its host names no other), signs in through the form and changes things through the pages' own forms;
 * every outcome is read back through the core.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleBrowserTest {
    private static TestApp app;
    private static Browser browser;
    private static TestAgent first;
    private static TestAgent second;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        if (!Browser.installed()) {
            return; // each test reports itself skipped, with how to install Chromium
        }
        app = TestApp.start(database);
        first = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        second = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
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
    }

    @Test
    void adminCreatesGroupAddsTwoMembersMakesOneDefaultAndDeletesIt() {
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.expectPage("Groups", "groups");

        // a taken name is refused next to the name field
        browser.find("#create-group-name").sendKeys("support");
        browser.find("#create-group button[type=submit]").click();
        browser.expectPage("Groups", "groups-duplicate-name");
        assertThat(browser.find("#create-group-name-error").getText()).isEqualTo("Name has already been taken");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                .isEqualTo("create-group-name");
        assertThat(browser.find("#create-group-name").getAttribute("aria-invalid"))
                .isEqualTo("true");

        WebElement name = browser.find("#create-group-name");
        name.clear();
        name.sendKeys("Escalations " + database);
        browser.find("#create-group-description").sendKeys("Second line");
        browser.find("#create-group button[type=submit]").click();
        browser.expectPage("Escalations " + database, "group-created");
        GroupId group = new GroupId(
                Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/console/groups/(\\d+).*", "$1")));

        addMember(first);
        addMember(second);
        browser.screenshot("group-two-members");
        assertThat(browser.all("#members tbody tr")).hasSize(2);
        // at 1280 px a row's actions stay in its table cell, on one line
        WebElement actions = row(first).findElement(By.cssSelector("td.actions"));
        assertThat(actions.getCssValue("display")).isEqualTo("table-cell");
        assertThat(actions.findElement(By.xpath(".//button[text()='Make default']"))
                        .getLocation()
                        .getY())
                .isEqualTo(actions.findElement(By.xpath(".//button[text()='Remove']"))
                        .getLocation()
                        .getY());

        row(first).findElement(By.xpath(".//button[text()='Make default']")).click();
        browser.expectPage("Escalations " + database, "group-default");
        assertThat(row(first).getText()).contains("default");
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(app.system(), first.agent().id()))
                .hasValue(group);

        browser.find("form[action='/console/groups/" + group.value() + "/delete'] button")
                .click();
        browser.expectPage("Groups", "groups-after-delete");
        assertThat(browser.find(".notice").getText()).isEqualTo("The group was deleted.");
        assertThat(browser.find("#groups").getText()).doesNotContain("Escalations " + database);
        assertThat(app.services().groups().get(app.system(), group).deleted()).isTrue();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(app.system(), first.agent().id()))
                .isPresent()
                .isNotEqualTo(Optional.of(group));
    }

    private void addMember(TestAgent agent) {
        // found by a search of agents, then ticked and added
        browser.find("#find-agents-q").sendKeys(agent.email(), Keys.ENTER);
        browser.find("#add-" + agent.agent().id().value()).click();
        browser.find("#add-members button[type=submit]").click();
        browser.waitForUrlContaining("notice=added");
        browser.find("#members tr[data-agent='" + agent.agent().id().value() + "']");
    }

    private WebElement row(TestAgent agent) {
        return browser.find("#members tr[data-agent='" + agent.agent().id().value() + "']");
    }

    @Test
    void wrongPasswordShowsAnErrorAndStartsNoSession() {
        signIn(TestApp.ADMIN_EMAIL, "not the password");

        browser.expectPage("Sign in", "sign-in-refused");
        assertThat(browser.find("#sign-in [role=alert]").getText()).isEqualTo("Wrong email or password.");
        assertThat(browser.driver().manage().getCookieNamed(ConsoleApi.SESSION_COOKIE))
                .isNull();
        browser.visit("/console/groups");
        browser.expectPage("Sign in", "groups-signed-out");
    }

    @Test
    void agentSeesReadOnlyPagesWithoutPrivateGroupsItIsNotIn() {
        TestAgent agent = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        Group mine = app.fixtures().privateGroup(app.bootstrapAccount(), "Private mine " + database);
        Group notMine = app.fixtures().privateGroup(app.bootstrapAccount(), "Private other " + database);
        Membership membership = app.fixtures().membership(app.bootstrapAccount(), agent, mine);

        signIn(agent.email(), agent.password());
        browser.expectPage("Groups", "groups");

        String groups = browser.find("#groups").getText();
        assertThat(groups).contains("Private mine " + database).doesNotContain("Private other " + database);
        assertThat(changeControls()).isEmpty();

        browser.find("#groups a[href='/console/groups/" + mine.id().value() + "']")
                .click();
        browser.expectPage("Private mine " + database, "group");
        assertThat(browser.find("#members").getText()).contains(agent.agent().name());
        assertThat(changeControls()).isEmpty();

        browser.visit("/console/agents");
        browser.expectPage("Agents", "agents");
        assertThat(changeControls()).isEmpty();

        browser.visit("/console/groups/" + notMine.id().value());
        browser.expectPage("Not found", "private-group-not-found");
        assertThat(membership.groupId()).isEqualTo(mine.id());
    }

    /** Forms that change something and the fields that belong to them (searches, filters and pagers only read). */
    private List<WebElement> changeControls() {
        return browser.all("main form[method=post], main form:not([method=get]) textarea,"
                + " main form:not([method=get]) select, main form:not([method=get]) input:not([type=search]),"
                + " main input[form]");
    }

    @Test
    void pagesFitAPhoneWidthWindow() {
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.expectPage("Groups", "groups-phone");
        assertNoHorizontalScroll();

        browser.find("#groups tbody a").click();
        browser.find("#group-name");
        browser.screenshot("group-phone");
        assertNoHorizontalScroll();

        browser.visit("/console/agents");
        browser.expectPage("Agents", "agents-phone");
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
