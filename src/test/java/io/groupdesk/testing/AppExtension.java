package io.groupdesk.testing;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterInfo;

/**
 * The whole service for a test class that runs once per database ({@code @ParameterizedClass} over
 * {@link TestDatabase#all()}): started on a fresh database of the invocation's kind before the invocation's
 * {@code @BeforeParameterizedClassInvocation} methods, and stopped after its {@code @AfterParameterizedClassInvocation}
 * methods. Registered on a static field, it answers for the app of the invocation running now:
 *
 * <pre>{@code
 * @ParameterizedClass(name = "{0}")
 * @MethodSource("io.groupdesk.testing.TestDatabase#all")
 * class ZendeskGroupsApiTest {
 *     @RegisterExtension
 *     static final AppExtension app = new AppExtension();
 *
 *     @BeforeParameterizedClassInvocation
 *     static void given() {
 *         account = app.fixtures().account();
 *     }
 * }
 * }</pre>
 *
 * A class that needs more of the environment passes it: {@code new AppExtension(Map.of("GROUPDESK_TRUST_PROXY",
 * "true"))}. Classes that start nodes of their own, restart the app or stand between it and its database start
 * {@link TestApp} themselves.
 */
public final class AppExtension implements BeforeClassTemplateInvocationCallback, AfterClassTemplateInvocationCallback {
    private final Map<String, String> environment;
    private TestApp app;

    /** The app with the environment every test starts it with ({@link TestApp#start(TestDatabase)}). */
    public AppExtension() {
        this(Map.of());
    }

    /** The app with these variables added to, or replacing, the test environment. */
    public AppExtension(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void beforeClassTemplateInvocation(ExtensionContext context) {
        if (app != null) {
            throw new IllegalStateException("the app of the previous invocation is still running");
        }
        app = TestApp.start(database(context), environment);
    }

    @Override
    public void afterClassTemplateInvocation(ExtensionContext context) {
        if (app != null) {
            try {
                app.close();
            } finally {
                app = null;
            }
        }
    }

    /** The running app itself, for code that takes a {@link TestApp}. */
    public TestApp get() {
        if (app == null) {
            throw new IllegalStateException(
                    "the app runs only within an invocation of a @ParameterizedClass over TestDatabase");
        }
        return app;
    }

    /** @see TestApp#environment() */
    public Map<String, String> environment() {
        return get().environment();
    }

    /** @see TestApp#groupdesk() */
    public Groupdesk groupdesk() {
        return get().groupdesk();
    }

    /** @see TestApp#services() */
    public Groupdesk.Services services() {
        return get().services();
    }

    /** @see TestApp#fixtures() */
    public Fixtures fixtures() {
        return get().fixtures();
    }

    /** @see TestApp#http() */
    public Http http() {
        return get().http();
    }

    /** @see TestApp#bootstrapAccount() */
    public AccountId bootstrapAccount() {
        return get().bootstrapAccount();
    }

    /** @see TestApp#system() */
    public Caller system() {
        return get().system();
    }

    private static TestDatabase database(ExtensionContext context) {
        ParameterInfo parameters = ParameterInfo.get(context);
        if (parameters != null) {
            for (Object argument : parameters.getArguments().toList()) {
                if (argument instanceof TestDatabase database) {
                    return database;
                }
            }
        }
        throw new ExtensionConfigurationException(context.getRequiredTestClass().getName()
                + " registers AppExtension but is not a @ParameterizedClass over a TestDatabase argument");
    }
}
