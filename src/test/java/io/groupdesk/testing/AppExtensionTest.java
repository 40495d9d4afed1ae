package io.groupdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.PageRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The app fixture itself: one app per database, running around the invocation's own set-up and tear-down. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AppExtensionTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_TRUST_PROXY", "true"));

    private static int tornDown;
    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        app.fixtures().group(app.bootstrapAccount(), "Made in set-up");
    }

    @AfterParameterizedClassInvocation
    static void tearDown() {
        // the app still answers here: the extension stops it only after the invocation's own tear-down
        assertThat(http.get("/actuator/health/liveness").send().status()).isEqualTo(200);
        tornDown++;
    }

    @AfterAll
    static void everyInvocationTornDownAndItsAppReleased() {
        assertThat(tornDown).isEqualTo(TestDatabase.all().count());
        assertThatThrownBy(app::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runsTheAppOnTheInvocationsDatabaseWithTheGivenEnvironment() {
        assertThat(app.environment()).containsEntry("GROUPDESK_TRUST_PROXY", "true");
        assertThat(app.environment().get("GROUPDESK_DB_URL"))
                .startsWith(database == TestDatabase.H2 ? "jdbc:h2:mem:" : "jdbc:postgresql:");
        assertThat(http.get("/actuator/health/liveness").send().status()).isEqualTo(200);
    }

    @Test
    void keepsWhatTheSetUpMadeForTheTests() {
        assertThat(app.services()
                        .groups()
                        .list(app.system(), GroupService.Scope.ALL, false, PageRequest.first(PageRequest.MAX_SIZE))
                        .items())
                .extracting(Group::name)
                .containsOnlyOnce("Made in set-up");
    }
}
