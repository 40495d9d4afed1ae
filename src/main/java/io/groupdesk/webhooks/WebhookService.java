package io.groupdesk.webhooks;

import io.groupdesk.access.Caller;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.events.EventRepository;
import io.groupdesk.events.EventType;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Text;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An account's webhooks: create, read, change and delete them, their signing secrets, their invocations and attempts,
 * and test requests. Admins only; every lookup is scoped by the caller's account, so another account's webhook is
 * not found.
 */
public final class WebhookService {
    public static final int MAX_CUSTOM_HEADERS = 10;
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers a webhook may not set: those of the signature, of the transport, and the content type. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host",
            "content-length",
            "content-type",
            "connection",
            "expect",
            "upgrade",
            "transfer-encoding",
            "te",
            "trailer",
            "keep-alive",
            "proxy-authorization",
            "user-agent");

    private static final String DEFAULT_TEST_PAYLOAD = "{\"message\":\"A test request from Groupdesk\"}";

    private final WebhookRepository webhooks;
    private final EventRepository events;
    private final SecretBox box;
    private final TargetCheck targets;
    private final WebhookClient client;
    private final Transactions transactions;
    private final Clock clock;

    public WebhookService(
            WebhookRepository webhooks,
            EventRepository events,
            SecretBox box,
            TargetCheck targets,
            Transactions transactions,
            Clock clock) {
        this.webhooks = webhooks;
        this.events = events;
        this.box = box;
        this.targets = targets;
        this.client = new WebhookClient(targets, clock);
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Lists the account's webhooks in id order. Admins only. */
    public Slice<Webhook> list(Caller caller, PageRequest page) {
        requireAdmin(caller);
        return webhooks.list(caller.account(), page).map(WebhookRepository.Stored::webhook);
    }

    /**
     * Reads one webhook. Admins only.
     *
     * @throws NotFoundException no such webhook in the caller's account
     */
    public Webhook get(Caller caller, long id) {
        requireAdmin(caller);
        return stored(caller, id).webhook();
    }

    /**
     * Creates a webhook, which gets the events recorded from now on. Admins only.
     *
     * @throws ValidationException a field is missing or invalid, a subscription names no event type, or the endpoint
     *     is not an http(s) URL a webhook may reach
     */
    public Webhook create(Caller caller, WebhookFields fields) {
        requireAdmin(caller);
        List<FieldViolation> violations = new ArrayList<>();
        if (fields.name().isEmpty()) {
            violations.add(FieldViolation.of("name", Rule.BLANK, "cannot be blank"));
        }
        if (fields.endpoint().isEmpty()) {
            violations.add(FieldViolation.of("endpoint", Rule.BLANK, "cannot be blank"));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Instant now = now();
        Webhook blank = new Webhook(
                0,
                caller.account(),
                "",
                null,
                "",
                "POST",
                "json",
                Webhook.Status.ACTIVE,
                List.of(),
                Optional.empty(),
                Map.of(),
                now,
                caller.agent(),
                now,
                caller.agent());
        WebhookRepository.Stored stored =
                apply(new WebhookRepository.Stored(blank, null, box.seal(Signatures.newSecret())), fields, now, caller);
        return transactions.inTransaction(() -> {
            long id = webhooks.insert(stored, events.lastId(caller.account()));
            return webhooks.find(caller.account(), id).orElseThrow().webhook();
        });
    }

    /**
     * Changes the fields given of a webhook. Setting it active again resumes its deliveries from the first event it
     * has not delivered. Admins only.
     *
     * @throws NotFoundException no such webhook in the caller's account
     * @throws ValidationException as {@link #create}
     */
    public Webhook update(Caller caller, long id, WebhookFields fields) {
        requireAdmin(caller);
        return transactions.inTransaction(() -> {
            WebhookRepository.Stored stored = stored(caller, id);
            webhooks.update(apply(stored, fields, now(), caller));
            return webhooks.find(caller.account(), id).orElseThrow().webhook();
        });
    }

    /**
     * Deletes a webhook with its invocations and attempts. Admins only.
     *
     * @throws NotFoundException no such webhook in the caller's account
     */
    public void delete(Caller caller, long id) {
        requireAdmin(caller);
        if (!webhooks.delete(caller.account(), id)) {
            throw new NotFoundException("webhook", id);
        }
    }

    /** The webhook's signing secret. Admins only. */
    public String signingSecret(Caller caller, long id) {
        requireAdmin(caller);
        return open(stored(caller, id).sealedSigningSecret());
    }

    /** Replaces the webhook's signing secret with a new one and returns it; deliveries from now on use it. */
    public String resetSigningSecret(Caller caller, long id) {
        requireAdmin(caller);
        String secret = Signatures.newSecret();
        transactions.run(() -> {
            WebhookRepository.Stored stored = stored(caller, id);
            Webhook webhook = stored.webhook();
            webhooks.update(new WebhookRepository.Stored(
                    withUpdate(webhook, now(), caller), stored.sealedAuthSecret(), box.seal(secret)));
        });
        return secret;
    }

    /** The webhook's invocations in id order (oldest first). Admins only. */
    public Slice<Invocation> invocations(Caller caller, long id, PageRequest page) {
        requireAdmin(caller);
        stored(caller, id);
        return webhooks.invocations(caller.account(), id, page);
    }

    /**
     * An invocation's attempts, oldest first. Admins only.
     *
     * @throws NotFoundException no such webhook, or no such invocation of it
     */
    public List<Attempt> attempts(Caller caller, long id, long invocation) {
        requireAdmin(caller);
        stored(caller, id);
        webhooks.invocation(caller.account(), id, invocation)
                .orElseThrow(() -> new NotFoundException("invocation", invocation));
        return webhooks.attempts(caller.account(), invocation);
    }

    /** What a test request got back: the endpoint's answer, or why there was none. */
    public record TestResult(
            OptionalInt statusCode, Map<String, List<String>> headers, String body, Optional<String> error) {}

    /**
     * Sends one request, now, to a webhook's endpoint, or to the endpoint {@code fields} describe: signed with the
     * stored webhook's secret, or with Zendesk's published test secret ({@link Signatures#TEST_SECRET}) when no
     * webhook is named. Nothing is stored. Admins only.
     *
     * @param webhook the stored webhook to test, whose fields {@code fields} override for this request
     * @param payload the body to send; empty for a small JSON object
     * @throws ValidationException no endpoint, or one a webhook may not reach
     */
    public TestResult test(Caller caller, Optional<Long> webhook, WebhookFields fields, Optional<String> payload) {
        requireAdmin(caller);
        Instant now = now();
        WebhookRepository.Stored base;
        String secret;
        if (webhook.isPresent()) {
            base = stored(caller, webhook.get());
            secret = open(base.sealedSigningSecret());
        } else {
            if (fields.endpoint().isEmpty()) {
                throw ValidationException.of("endpoint", Rule.BLANK, "cannot be blank");
            }
            base = new WebhookRepository.Stored(
                    new Webhook(
                            0,
                            caller.account(),
                            "test",
                            null,
                            "",
                            "POST",
                            "json",
                            Webhook.Status.ACTIVE,
                            List.of(),
                            Optional.empty(),
                            Map.of(),
                            now,
                            caller.agent(),
                            now,
                            caller.agent()),
                    null,
                    null);
            secret = Signatures.TEST_SECRET;
        }
        WebhookRepository.Stored tested = apply(base, fields.withStatus("active"), now, caller);
        Webhook target = tested.webhook();
        WebhookClient.Result result = client.send(
                new Target(
                        webhook.map(String::valueOf).orElse("test"),
                        target.endpoint(),
                        target.httpMethod(),
                        target.authentication().map(a -> withSecret(a, tested.sealedAuthSecret())),
                        target.customHeaders(),
                        secret),
                Optional.empty(),
                payload.orElse(DEFAULT_TEST_PAYLOAD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new TestResult(result.statusCode(), result.headers(), result.body(), result.error());
    }

    /**
     * Reseals, under the current secret key, every webhook secret sealed with a previous one (the rotation of
     * {@code GROUPDESK_SECRET_KEY}), as the API tokens are resealed at start.
     *
     * @return the webhooks resealed
     */
    public int resealStale() {
        int resealed = 0;
        for (WebhookRepository.Sealed sealed : webhooks.allSealed()) {
            boolean staleAuth = sealed.authSecret() != null && box.isStale(sealed.authSecret());
            boolean staleSigning = box.isStale(sealed.signingSecret());
            if (!staleAuth && !staleSigning) {
                continue;
            }
            Optional<String> auth = staleAuth ? box.open(sealed.authSecret()) : Optional.of("");
            Optional<String> signing = staleSigning ? box.open(sealed.signingSecret()) : Optional.of("");
            if (auth.isEmpty() || signing.isEmpty()) {
                continue; // sealed under a key this node was not given: left for a node that has it
            }
            webhooks.reseal(new WebhookRepository.Sealed(
                    sealed.account(),
                    sealed.id(),
                    staleAuth ? box.seal(auth.get()) : sealed.authSecret(),
                    staleSigning ? box.seal(signing.get()) : sealed.signingSecret()));
            resealed++;
        }
        return resealed;
    }

    /** The delivery view of a stored webhook: its secrets opened. */
    Target target(WebhookRepository.Stored stored) {
        Webhook webhook = stored.webhook();
        return new Target(
                Long.toString(webhook.id()),
                webhook.endpoint(),
                webhook.httpMethod(),
                webhook.authentication().map(a -> withSecret(a, stored.sealedAuthSecret())),
                webhook.customHeaders(),
                open(stored.sealedSigningSecret()));
    }

    private Authentication withSecret(Authentication authentication, String sealed) {
        return new Authentication(authentication.type(), authentication.name(), open(sealed));
    }

    private String open(String sealed) {
        return box.open(sealed)
                .orElseThrow(() -> new IllegalStateException("a webhook secret no configured key opens"));
    }

    private WebhookRepository.Stored stored(Caller caller, long id) {
        return webhooks.find(caller.account(), id).orElseThrow(() -> new NotFoundException("webhook", id));
    }

    /** {@code stored} with {@code fields} applied and checked; nothing is written. */
    private WebhookRepository.Stored apply(
            WebhookRepository.Stored stored, WebhookFields fields, Instant now, Caller caller) {
        Webhook webhook = stored.webhook();
        List<FieldViolation> violations = new ArrayList<>();
        String name = fields.name().map(String::strip).orElse(webhook.name());
        if (fields.name().isPresent()) {
            if (name.isEmpty()) {
                violations.add(FieldViolation.of("name", Rule.BLANK, "cannot be blank"));
            } else {
                Text.checkName("name", name, 255, violations);
            }
        }
        String description = webhook.description();
        if (fields.description().isPresent()) {
            description = fields.description().get().isEmpty()
                    ? null
                    : fields.description().get();
        }
        if (description != null) {
            Text.check("description", description, 1000, violations);
        }
        String endpoint = fields.endpoint().map(String::strip).orElse(webhook.endpoint());
        if (fields.endpoint().isPresent()) {
            if (endpoint.isEmpty()) {
                violations.add(FieldViolation.of("endpoint", Rule.BLANK, "cannot be blank"));
            } else if (Text.length(endpoint) > 2048) {
                violations.add(
                        FieldViolation.of("endpoint", Rule.TOO_LONG, "is too long (maximum is 2048 characters)"));
            } else {
                targets.refusal(endpoint)
                        .ifPresent(why -> violations.add(FieldViolation.of("endpoint", Rule.INVALID, why)));
            }
        }
        String method = fields.httpMethod().map(m -> m.toUpperCase(Locale.ROOT)).orElse(webhook.httpMethod());
        if (!METHODS.contains(method)) {
            violations.add(FieldViolation.of(
                    "http_method", Rule.INVALID, "must be POST, PUT or PATCH for event subscriptions"));
        }
        String format = fields.requestFormat().orElse(webhook.requestFormat());
        if (!format.equals("json")) {
            violations.add(FieldViolation.of("request_format", Rule.INVALID, "must be json for event subscriptions"));
        }
        Webhook.Status status = webhook.status();
        if (fields.status().isPresent()) {
            Optional<Webhook.Status> given =
                    Webhook.Status.ofKey(fields.status().get());
            if (given.isEmpty()) {
                violations.add(FieldViolation.of("status", Rule.INVALID, "must be active or inactive"));
            } else {
                status = given.get();
            }
        }
        List<EventType> subscriptions = webhook.subscriptions();
        if (fields.subscriptions().isPresent()) {
            Set<EventType> types = new LinkedHashSet<>();
            for (String key : fields.subscriptions().get()) {
                Optional<EventType> type = EventType.ofKey(key == null ? "" : key);
                if (type.isEmpty()) {
                    violations.add(FieldViolation.of(
                            "subscriptions",
                            Rule.INVALID,
                            "names an unknown event type: " + (key == null ? "null" : abbreviate(key))));
                } else {
                    types.add(type.get());
                }
            }
            subscriptions = List.copyOf(types);
        }
        Optional<Authentication> authentication = webhook.authentication();
        String sealedAuthSecret = stored.sealedAuthSecret();
        if (fields.authentication().isPresent()) {
            Optional<Authentication> given = fields.authentication().get();
            if (given.isEmpty()) {
                authentication = Optional.empty();
                sealedAuthSecret = null;
            } else {
                Authentication auth = given.get();
                boolean keepsSecret = auth.secret() == null;
                if (keepsSecret
                        && !(authentication.isPresent() && authentication.get().type() == auth.type())) {
                    violations.add(FieldViolation.of(
                            "authentication", Rule.BLANK, "needs its data for a new authentication type"));
                } else {
                    String authName = keepsSecret && auth.name() == null
                            ? authentication.get().name()
                            : auth.name();
                    checkAuthentication(auth.type(), authName, auth.secret(), violations);
                    authentication = Optional.of(new Authentication(auth.type(), authName, null));
                    if (!keepsSecret) {
                        sealedAuthSecret = box.seal(auth.secret());
                    }
                }
            }
        }
        Map<String, String> headers = webhook.customHeaders();
        if (fields.customHeaders().isPresent()) {
            headers = checkedHeaders(fields.customHeaders().get(), violations);
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Webhook changed = new Webhook(
                webhook.id(),
                webhook.account(),
                name,
                description,
                endpoint,
                method,
                format,
                status,
                subscriptions,
                authentication,
                headers,
                webhook.createdAt(),
                webhook.createdBy(),
                now,
                caller.agent());
        return new WebhookRepository.Stored(changed, sealedAuthSecret, stored.sealedSigningSecret());
    }

    private static void checkAuthentication(
            Authentication.Type type, String name, String secret, List<FieldViolation> violations) {
        switch (type) {
            case BASIC_AUTH -> {
                if (name == null || name.isEmpty() || name.contains(":") || hasLineBreak(name)) {
                    violations.add(FieldViolation.of(
                            "authentication", Rule.INVALID, "basic_auth needs a username without ':'"));
                }
                if (secret != null && (secret.isEmpty() || hasLineBreak(secret))) {
                    violations.add(FieldViolation.of("authentication", Rule.INVALID, "basic_auth needs a password"));
                }
            }
            case BEARER_TOKEN -> {
                if (secret != null && (secret.isEmpty() || hasLineBreak(secret))) {
                    violations.add(FieldViolation.of("authentication", Rule.INVALID, "bearer_token needs a token"));
                }
            }
            case API_KEY -> {
                if (name == null || !HEADER_NAME.matcher(name).matches() || reserved(name)) {
                    violations.add(FieldViolation.of(
                            "authentication", Rule.INVALID, "api_key needs a name that is a header name we may set"));
                }
                if (secret != null && (secret.isEmpty() || hasLineBreak(secret))) {
                    violations.add(FieldViolation.of("authentication", Rule.INVALID, "api_key needs a value"));
                }
            }
        }
        if (secret != null && Text.length(secret) > 1000) {
            violations.add(FieldViolation.of("authentication", Rule.TOO_LONG, "data is too long"));
        }
    }

    private static Map<String, String> checkedHeaders(Map<String, String> given, List<FieldViolation> violations) {
        if (given.size() > MAX_CUSTOM_HEADERS) {
            violations.add(FieldViolation.of(
                    "custom_headers", Rule.INVALID, "can hold at most " + MAX_CUSTOM_HEADERS + " headers"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : given.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (!HEADER_NAME.matcher(name).matches() || reserved(name)) {
                violations.add(FieldViolation.of(
                        "custom_headers", Rule.INVALID, "has a header name that cannot be set: " + abbreviate(name)));
            } else if (value == null || hasLineBreak(value) || value.indexOf('\0') >= 0 || Text.length(value) > 1000) {
                violations.add(FieldViolation.of("custom_headers", Rule.INVALID, "has an invalid value for " + name));
            } else {
                headers.put(name, value);
            }
        }
        return java.util.Collections.unmodifiableMap(headers);
    }

    private static boolean reserved(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        return RESERVED_HEADERS.contains(lower) || lower.startsWith("x-zendesk-webhook-");
    }

    private static boolean hasLineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0;
    }

    private static String abbreviate(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static Webhook withUpdate(Webhook webhook, Instant now, Caller caller) {
        return new Webhook(
                webhook.id(),
                webhook.account(),
                webhook.name(),
                webhook.description(),
                webhook.endpoint(),
                webhook.httpMethod(),
                webhook.requestFormat(),
                webhook.status(),
                webhook.subscriptions(),
                webhook.authentication(),
                webhook.customHeaders(),
                webhook.createdAt(),
                webhook.createdBy(),
                now,
                caller.agent());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("role " + caller.role().key() + " may not manage webhooks");
        }
    }
}
