package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text field of agents, groups and accounts takes its maximum in code points on both databases: the maximum
 * made of emoji (four bytes in UTF-8, a surrogate pair in Java and H2) is stored and read back intact, one more is
 * the field's validation error, never a database failure.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class TextLimitsTest {
    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, F0 9F 98 80 in UTF-8
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    /**
     * One text field: how long it may be, what it is made of around the emoji, how to write it and read it back.
     *
     * @param write writes the value into a new account's record and returns what a fresh read gives back
     */
    record Field(String name, int max, Function<String, String> around, BiFunction<TestAccount, String, String> write) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Field> fields() {
        return List.of(
                agentField("name", 255, (b, v) -> b.name(v), a -> a.name()),
                new Field("email", 254, e -> e.substring(0, e.length() - 2 * 5) + "@x.io", (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    var agent = services().agents().create(caller, NewAgent.of("Emoji", v, Role.AGENT));
                    return services().agents().get(caller, agent.id()).email();
                }),
                agentField("phone", 64, (b, v) -> b.phone(v), a -> a.phone()),
                agentField("position", 255, (b, v) -> b.position(v), a -> a.position()),
                agentField("work_id", 64, (b, v) -> b.workId(v), a -> a.workId()),
                agentField("alias", 255, (b, v) -> b.alias(v), a -> a.alias()),
                new Field(
                        "avatar_url",
                        2048,
                        e -> "https://x/" + e.substring(0, e.length() - 2 * 10),
                        (account, v) -> writeAgent(
                                        account,
                                        AgentChanges.builder().avatarUrl(v).build())
                                .avatarUrl()),
                agentField("locale", 32, (b, v) -> b.locale(v), a -> a.locale()),
                agentField("time_zone", 64, (b, v) -> b.timeZone(v), a -> a.timeZone()),
                new Field("group name", 255, e -> e, (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    var group = services().groups().create(caller, NewGroup.named(v));
                    return services().groups().get(caller, group.id()).name();
                }),
                new Field("group description", 4000, e -> e, (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    var group = services().groups().create(caller, NewGroup.named("Described"));
                    services()
                            .groups()
                            .update(
                                    caller,
                                    group.id(),
                                    new GroupChanges(Optional.empty(), Optional.of(v), Optional.empty()));
                    return services().groups().get(caller, group.id()).description();
                }),
                new Field("account name", 255, e -> e, (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    services().accounts().update(caller, Optional.of(v), Optional.empty(), Optional.empty());
                    return services().accounts().get(caller).name();
                }),
                new Field("account setting", 255, e -> e, (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    services().accounts().putSetting(caller, "emoji.value", Optional.of(v));
                    return services().accounts().settings(caller).get("emoji.value");
                }),
                new Field("token description", 255, e -> e, (account, v) -> {
                    Caller caller = Caller.system(account.id());
                    services().tokens().issue(caller, account.admin().agent().id(), v, Optional.empty());
                    return services().tokens().list(caller).stream()
                            .filter(t -> v.equals(t.description()))
                            .findFirst()
                            .orElseThrow()
                            .description();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void theMaximumMadeOfEmojiIsStoredAndReadBackIntact(Field field) {
        // given
        String value = field.around().apply(EMOJI.repeat(field.max()));
        assertThat(Text.length(value)).isEqualTo(field.max());

        // when
        String read = field.write().apply(app.fixtures().account(), value);

        // then
        assertThat(read).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void oneEmojiOverTheMaximumIsTheFieldsValidationError(Field field) {
        // given
        String value = field.around().apply(EMOJI.repeat(field.max() + 1));
        String core = field.name().substring(field.name().lastIndexOf(' ') + 1);
        String expected = core.equals("setting") ? "settings" : core;

        // when / then
        assertThatThrownBy(() -> field.write().apply(app.fixtures().account(), value))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly(expected));
    }

    private static Field agentField(
            String name,
            int max,
            BiFunction<AgentChanges.Builder, String, AgentChanges.Builder> set,
            Function<io.groupdesk.agents.Agent, String> get) {
        return new Field(
                name,
                max,
                e -> e,
                (account, v) -> get.apply(
                        writeAgent(account, set.apply(AgentChanges.builder(), v).build())));
    }

    private static io.groupdesk.agents.Agent writeAgent(TestAccount account, AgentChanges changes) {
        Caller caller = Caller.system(account.id());
        var agent = services()
                .agents()
                .create(
                        caller,
                        NewAgent.of("Agent " + SEQUENCE.incrementAndGet(), "a" + SEQUENCE.get() + "@x.io", Role.AGENT));
        services().agents().update(caller, agent.id(), changes);
        return services().agents().get(caller, agent.id());
    }

    private static Groupdesk.Services services() {
        return app.services();
    }
}
