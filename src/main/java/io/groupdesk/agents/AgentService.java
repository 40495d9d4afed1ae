package io.groupdesk.agents;

import io.groupdesk.access.Caller;
import io.groupdesk.access.PasswordHasher;
import io.groupdesk.access.Permission;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Creates and reads the agents of the caller's account. */
public final class AgentService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_PASSWORD_LENGTH = 8;

    private final AgentRepository agents;
    private final PasswordHasher passwords;
    private final Transactions transactions;
    private final Clock clock;

    public AgentService(AgentRepository agents, PasswordHasher passwords, Transactions transactions, Clock clock) {
        this.agents = agents;
        this.passwords = passwords;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Reads an agent of the caller's account. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such agent in the caller's account
     */
    public Agent get(Caller caller, AgentId id) {
        caller.require(Permission.READ);
        return agents.find(caller.account(), id).orElseThrow(() -> new NotFoundException("agent", id));
    }

    /**
     * Creates an agent in the caller's account. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws ValidationException name blank or too long, email malformed, password too short
     * @throws io.groupdesk.shared.ConflictException the email is taken in this account (ignoring case)
     */
    public Agent create(Caller caller, NewAgent agent) {
        caller.require(Permission.MANAGE_AGENTS);
        validate(agent);
        String hash = agent.password().map(passwords::hash).orElse(null);
        NewAgent trimmed = new NewAgent(agent.name().strip(), agent.email().strip(), agent.role(), agent.password());
        return transactions.inTransaction(() -> agents.insert(caller.account(), trimmed, hash, now()));
    }

    private static void validate(NewAgent agent) {
        List<FieldViolation> violations = new ArrayList<>();
        if (agent.name() == null || agent.name().isBlank()) {
            violations.add(FieldViolation.of("name", Rule.BLANK, "cannot be blank"));
        } else if (agent.name().strip().length() > 255) {
            violations.add(FieldViolation.of("name", Rule.TOO_LONG, "is too long (maximum is 255 characters)"));
        }
        if (agent.email() == null || agent.email().isBlank()) {
            violations.add(FieldViolation.of("email", Rule.BLANK, "cannot be blank"));
        } else if (agent.email().strip().length() > 254
                || !EMAIL.matcher(agent.email().strip()).matches()) {
            violations.add(FieldViolation.of("email", Rule.INVALID, "is not a valid email address"));
        }
        if (agent.role() == null) {
            violations.add(FieldViolation.of("role", Rule.BLANK, "cannot be blank"));
        }
        if (agent.password().isPresent() && agent.password().get().length() < MIN_PASSWORD_LENGTH) {
            violations.add(FieldViolation.of(
                    "password", Rule.INVALID, "is too short (minimum is " + MIN_PASSWORD_LENGTH + " characters)"));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
