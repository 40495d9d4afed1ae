package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupSearch;
import io.groupdesk.groups.GroupSort;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.PageRequest;
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
 * The groups pages in a headless Chromium on the bootstrap account loaded with the command line's sample data (120
 * groups, 300 agents, 2,000 memberships): ordering by size, jumping to a page, a big group's members a page at a
 * time, adding agents found by a search, changing a ticked selection, at 1280 and at 390 px.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleGroupPagesBrowserTest {
    private static TestApp app;
    private static Browser browser;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        if (!Browser.installed()) {
            return;
        }
        app = TestApp.start(database);
        SampleAccount.load(app.environment(), app.services().accounts(), "demo", 120, 300, 2000, false);
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
    void signedIn(TestInfo test) {
        Browser.assumeInstalled();
        browser.startTest(test.getTestMethod().orElseThrow().getName() + "-" + database);
        browser.signIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        browser.expectPage("Groups", "groups");
    }

    @Test
    void anAdminOrdersBySizeJumpsToAPageAndOpensTheLargestGroup() {
        Group largest = app.services()
                .groups()
                .search(app.system(), GroupSearch.all().withSort(GroupSort.SIZE), PageRequest.offset(1, 1))
                .items()
                .get(0);

        browser.find("#search-sort").sendKeys("By size");
        browser.find("#search-q").sendKeys(Keys.ENTER);
        browser.expectPage("Groups", "groups-by-size");
        assertThat(browser.find("#groups-caption").getText()).endsWith("groups, largest first");
        assertThat(browser.find("#groups tbody tr td a").getText()).isEqualTo(largest.name());

        WebElement jump = browser.find("#groups-page");
        jump.clear();
        jump.sendKeys("3", Keys.ENTER);
        browser.waitForUrlContaining("page=3");
        assertThat(browser.find(".pager .where").getText()).startsWith("Page 3 of ");
        assertThat(browser.driver().getCurrentUrl()).contains("sort=size");
        browser.screenshot("groups-page-3");

        browser.visit("/console/groups/" + largest.id().value() + "?page=2");
        browser.expectPage(largest.name(), "group-members-page-2");
        assertThat(browser.find("#members-caption").getText()).endsWith("members, in the order they joined");
        assertThat(browser.all("#members tbody tr")).hasSize(25);
    }

    @Test
    void anAdminAddsAgentsFoundByASearchAndChangesATickedSelection() {
        Group group = app.fixtures().group(app.bootstrapAccount(), "Browser picks " + database);
        browser.visit("/console/groups/" + group.id().value());
        browser.expectPage(group.name(), "group-empty");

        browser.find("#find-agents-q").sendKeys("lovelace", Keys.ENTER);
        browser.find("#add-members");
        browser.screenshot("group-agents-found");
        List<WebElement> boxes = browser.all("#add-members input[name=agent]");
        boxes.get(0).sendKeys(Keys.SPACE);
        boxes.get(1).sendKeys(Keys.SPACE);
        boxes.get(2).sendKeys(Keys.SPACE);
        browser.find("#add-members button[type=submit]").click();
        browser.waitForUrlContaining("notice=members-added");
        assertThat(browser.find("#group-size").getText()).isEqualTo("3 members");
        browser.screenshot("group-three-added");

        List<WebElement> ticks = browser.all("#members input[name=membership]");
        ticks.get(0).sendKeys(Keys.SPACE);
        ticks.get(1).sendKeys(Keys.SPACE);
        browser.find("#bulk-members button[value=remove]").click();
        browser.waitForUrlContaining("notice=members-removed");
        assertThat(browser.find("#group-size").getText()).isEqualTo("1 member");
        assertThat(app.services()
                        .memberships()
                        .list(
                                app.system(),
                                MembershipFilter.ofGroup(group.id()),
                                PageRequest.offset(1, 10).withTotal())
                        .total())
                .hasValue(1);
        browser.screenshot("group-two-removed");
    }

    @Test
    void thePagesFitAPhone() {
        Group largest = app.services()
                .groups()
                .search(app.system(), GroupSearch.all().withSort(GroupSort.SIZE), PageRequest.offset(1, 1))
                .items()
                .get(0);
        browser.driver().manage().window().setSize(new Dimension(390, 844));

        browser.visit("/console/groups?sort=size&page=2");
        browser.expectPage("Groups", "groups-phone");
        assertNoHorizontalScroll();

        browser.visit("/console/groups/" + largest.id().value() + "?add_q=lovelace");
        browser.expectPage(largest.name(), "group-phone");
        assertNoHorizontalScroll();
        browser.find("#edit-group-hours_mon");
        ((JavascriptExecutor) browser.driver())
                .executeScript("document.getElementById('settings-heading').scrollIntoView()");
        browser.screenshot("group-settings-phone");
    }

    private void assertNoHorizontalScroll() {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) js.executeScript("return window.innerWidth;");
        assertThat(scrollWidth).as("page width at a %d px window", viewport).isLessThanOrEqualTo(viewport);
    }
}
