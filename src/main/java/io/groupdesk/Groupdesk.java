package io.groupdesk;

import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountRepository;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentRepository;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.HttpServer;
import io.groupdesk.api.ProxyHeaders;
import io.groupdesk.api.RequestBodies;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.console.ConsoleApi;
import io.groupdesk.api.openapi.OpenApiDocs;
import io.groupdesk.api.scim.ScimApi;
import io.groupdesk.api.udesk.UdeskApi;
import io.groupdesk.api.usedesk.UsedeskApi;
import io.groupdesk.api.zendesk.ZendeskApi;
import io.groupdesk.api.zendesk.ZendeskWebhooksEnvelope;
import io.groupdesk.api.zendeskxml.ZendeskXmlApi;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.config.Config;
import io.groupdesk.config.DataDirectory;
import io.groupdesk.config.Database;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.AuthThrottle;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.CredentialRepository;
import io.groupdesk.credentials.PasswordHasher;
import io.groupdesk.credentials.Passwords;
import io.groupdesk.credentials.RateLimit;
import io.groupdesk.credentials.RequestCountRepository;
import io.groupdesk.credentials.RequestCounter;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.events.EventHistory;
import io.groupdesk.events.EventLog;
import io.groupdesk.events.EventLogRepository;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventRepository;
import io.groupdesk.groups.GroupRepository;
import io.groupdesk.groups.GroupService;
import io.groupdesk.housekeeping.Sweeper;
import io.groupdesk.idempotency.IdempotencyRepository;
import io.groupdesk.idempotency.IdempotencyService;
import io.groupdesk.jobs.JobRepository;
import io.groupdesk.jobs.JobService;
import io.groupdesk.jobs.MembershipJobs;
import io.groupdesk.memberships.MembershipRepository;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.observability.Observability;
import io.groupdesk.rosters.RosterRepository;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.scim.ScimGroupRepository;
import io.groupdesk.scim.ScimGroupService;
import io.groupdesk.scim.ScimRepository;
import io.groupdesk.scim.ScimUserService;
import io.groupdesk.shared.Transactions;
import io.groupdesk.webhooks.DeliverySettings;
import io.groupdesk.webhooks.TargetCheck;
import io.groupdesk.webhooks.WebhookRepository;
import io.groupdesk.webhooks.WebhookService;
import io.groupdesk.webhooks.WebhookWorker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The whole service, wired in one place: database, core services, dialects and the HTTP server. */
public final class Groupdesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Groupdesk.class);

    /** How long a console sign-in lasts; the agent is re-checked on every request within it. */
    private static final Duration CONSOLE_SESSION_LIFETIME = Duration.ofHours(8);

    private final Database database;
    private final Services services;
    private final Account bootstrapAccount;
    private final HttpServer server;
    private final Observability observability;
    private final Sweeper sweeper;
    private final WebhookService webhooks;
    private final WebhookWorker webhookWorker;
    private final Duration shutdownGrace;

    /** The core services, for the command line and tests. */
    public record Services(
            AccountService accounts,
            AgentService agents,
            GroupService groups,
            MembershipService memberships,
            JobService jobs,
            ApiTokenService tokens,
            Authenticator authenticator,
            Transactions transactions,
            IdempotencyService idempotency,
            RosterService rosters,
            EventHistory history,
            EventLog eventLog,
            ScimUserService scimUsers,
            ScimGroupService scimGroups) {

        static Services create(Jdbi jdbi, Clock clock, SecretBox box, Duration eventsRetention) {
            Transactions transactions = new Transactions(jdbi);
            PasswordHasher passwords = new PasswordHasher();
            CredentialRepository credentials = CredentialRepository.jdbc(jdbi);
            EventRepository eventRows = EventRepository.jdbc(jdbi);
            EventRecorder events = new EventRecorder(eventRows, clock);
            MembershipService memberships =
                    new MembershipService(MembershipRepository.jdbc(jdbi), events, transactions, clock);
            GroupService groups =
                    new GroupService(GroupRepository.jdbc(jdbi), memberships, events, transactions, clock);
            ApiTokenService tokens = new ApiTokenService(credentials, box, clock);
            AgentService agents = new AgentService(
                    AgentRepository.jdbc(jdbi),
                    groups,
                    memberships,
                    new Passwords(credentials, passwords),
                    tokens,
                    events,
                    transactions,
                    clock);
            return new Services(
                    new AccountService(AccountRepository.jdbc(jdbi), transactions, clock),
                    agents,
                    groups,
                    memberships,
                    new JobService(JobRepository.jdbc(jdbi), clock),
                    tokens,
                    new Authenticator(credentials, passwords, box, clock, Invalidations.of(jdbi)),
                    transactions,
                    new IdempotencyService(IdempotencyRepository.jdbc(jdbi), clock),
                    new RosterService(RosterRepository.jdbc(jdbi)),
                    new EventHistory(eventRows),
                    new EventLog(EventLogRepository.jdbc(jdbi), eventRows, eventsRetention, clock),
                    new ScimUserService(agents, ScimRepository.jdbc(jdbi), events, transactions),
                    new ScimGroupService(groups, memberships, ScimGroupRepository.jdbc(jdbi), events, transactions));
        }
    }

    private Groupdesk(
            Database database,
            Services services,
            Account bootstrapAccount,
            HttpServer server,
            Observability observability,
            Sweeper sweeper,
            WebhookService webhooks,
            WebhookWorker webhookWorker,
            Duration shutdownGrace) {
        this.webhooks = webhooks;
        this.webhookWorker = webhookWorker;
        this.database = database;
        this.services = services;
        this.bootstrapAccount = bootstrapAccount;
        this.server = server;
        this.observability = observability;
        this.sweeper = sweeper;
        this.shutdownGrace = shutdownGrace;
    }

    /** Opens the database, applies migrations and the bootstrap, and starts serving on {@code config.port()}. */
    public static Groupdesk start(Config config, PrintStream console) {
        Observability observability = new Observability(config.operations().metricsToken(), config.dataDirectory());
        Database database;
        try {
            database = Database.open(
                    config.dbUrl(),
                    config.dbUser(),
                    config.dbPassword(),
                    config.h2AllowWriteDelay(),
                    observability.meters(),
                    config.operations().cacheEntries());
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
        observability.watchDatabase(database.dataSource());
        try {
            Clock clock = Clock.systemUTC();
            SecretBox box = secretBox(config, database);
            Services services = Services.create(database.jdbi(), clock, box, eventsRetention(config));
            int resealed = services.tokens().resealStale();
            if (resealed > 0) {
                log.info("Resealed {} API tokens under the current secret key", resealed);
            }
            Bootstrap bootstrapper = new Bootstrap(
                    services.accounts(),
                    services.agents(),
                    services.groups(),
                    services.tokens(),
                    services.transactions());
            Account bootstrap = bootstrapper.ensure(config);
            ProxyHeaders proxy = ProxyHeaders.trusted(config.trustProxy());
            BaseUrl baseUrl = new BaseUrl(config.publicUrl(), proxy);
            JsonMapper json = JsonMapper.builder().build();
            TargetCheck webhookTargets = new TargetCheck(config.webhooks().allowPrivateTargets());
            WebhookRepository webhookRows = WebhookRepository.jdbc(database.jdbi());
            EventRepository events = EventRepository.jdbc(database.jdbi());
            WebhookService webhooks =
                    new WebhookService(webhookRows, events, box, webhookTargets, services.transactions(), clock);
            int resealedWebhooks = webhooks.resealStale();
            if (resealedWebhooks > 0) {
                log.info("Resealed the secrets of {} webhooks under the current secret key", resealedWebhooks);
            }
            RequestCounter counter =
                    new RequestCounter(RequestCountRepository.jdbc(database.jdbi()), clock, database.invalidations());
            // from here the node's caches are trusted once it hears every change (docs/architecture.md, "Caches")
            database.invalidations().start();
            Duration bodyReadDeadline = Duration.ofSeconds(config.limits().bodyReadSeconds());
            RequestBodies bodies = new RequestBodies(config.limits().unauthenticatedBodyReads(), bodyReadDeadline);
            HttpServer server = new HttpServer(
                    config.port(),
                    config.maxRequestBytes(),
                    bodyReadDeadline,
                    List.of(
                            new OpenApiDocs(baseUrl, json), // before Zendesk's /api/v2/* catch-all
                            new ZendeskApi(
                                    new ZendeskApi.Services(
                                            services.accounts(),
                                            services.authenticator(),
                                            services.agents(),
                                            services.groups(),
                                            services.memberships(),
                                            services.jobs(),
                                            new MembershipJobs(
                                                    services.memberships(), services.jobs(), services.transactions()),
                                            services.idempotency(),
                                            services.tokens(),
                                            services.eventLog(),
                                            webhooks),
                                    bootstrap.id(),
                                    baseUrl,
                                    json,
                                    limits(config.limits(), counter, proxy, bodies, "zendesk")),
                            new ZendeskXmlApi(
                                    services.accounts(),
                                    services.authenticator(),
                                    bootstrap.id(),
                                    services.groups(),
                                    services.agents(),
                                    services.rosters(),
                                    baseUrl,
                                    json,
                                    limits(config.limits(), counter, proxy, bodies, "zendesk_xml")),
                            new UsedeskApi(
                                    services.accounts(),
                                    services.authenticator(),
                                    bootstrap.id(),
                                    services.groups(),
                                    services.agents(),
                                    services.rosters(),
                                    json,
                                    limits(config.limits(), counter, proxy, bodies, "usedesk"),
                                    baseUrl),
                            new UdeskApi(
                                    new UdeskApi.Services(
                                            services.accounts(),
                                            services.authenticator(),
                                            services.tokens(),
                                            services.agents(),
                                            services.groups(),
                                            services.memberships(),
                                            services.rosters()),
                                    bootstrap.id(),
                                    json,
                                    clock,
                                    limits(config.limits(), counter, proxy, bodies, "udesk"),
                                    baseUrl),
                            new ScimApi(
                                    new ScimApi.Services(
                                            services.accounts(),
                                            services.authenticator(),
                                            services.scimUsers(),
                                            services.scimGroups()),
                                    bootstrap.id(),
                                    baseUrl,
                                    json,
                                    limits(config.limits(), counter, proxy, bodies, "scim")),
                            new ConsoleApi(
                                    new ConsoleApi.Services(
                                            services.accounts(),
                                            services.authenticator(),
                                            services.agents(),
                                            services.groups(),
                                            services.memberships(),
                                            services.tokens(),
                                            services.rosters(),
                                            services.history()),
                                    bootstrap.id(),
                                    box,
                                    clock,
                                    CONSOLE_SESSION_LIFETIME,
                                    baseUrl,
                                    limits(config.limits(), counter, proxy, bodies, "console"))),
                    observability);
            server.start();
            bootstrapper.announce(config, baseUrl(config, server.port()), console);
            Sweeper sweeper = new Sweeper(database.jdbi(), clock, observability.meters(), eventsRetention(config));
            sweeper.start(Duration.ofSeconds(config.operations().sweepIntervalSeconds()));
            WebhookWorker webhookWorker = new WebhookWorker(
                    webhookRows,
                    webhooks,
                    events,
                    new ZendeskWebhooksEnvelope(services.agents(), services.groups(), json),
                    services.transactions(),
                    webhookTargets,
                    new DeliverySettings(
                            Duration.ofMillis(config.webhooks().retryBaseMillis()),
                            config.webhooks().maxAttempts(),
                            Duration.ofSeconds(config.webhooks().leaseSeconds()),
                            Duration.ofMillis(200)),
                    clock,
                    observability.meters());
            webhookWorker.start();
            return new Groupdesk(
                    database,
                    services,
                    bootstrap,
                    server,
                    observability,
                    sweeper,
                    webhooks,
                    webhookWorker,
                    Duration.ofSeconds(config.operations().shutdownGraceSeconds()));
        } catch (RuntimeException e) {
            database.close();
            observability.close();
            throw e;
        }
    }

    /** The URL an operator reaches this node at: GROUPDESK_PUBLIC_URL, or localhost on its port. */
    public static String baseUrl(Config config, int port) {
        return config.publicUrl().orElse("http://localhost:" + port);
    }

    /** A dialect's limits: the shared failed-authentication throttle, and its own rate limit when one is set. */
    private static RequestLimits limits(
            Config.Limits limits, RequestCounter counter, ProxyHeaders proxy, RequestBodies bodies, String dialect) {
        Duration rateWindow = Duration.ofSeconds(limits.rateWindowSeconds());
        return new RequestLimits(
                new AuthThrottle(counter, limits.authFailures(), Duration.ofSeconds(limits.authWindowSeconds())),
                Optional.ofNullable(limits.ratePerWindow().get(dialect))
                        .map(perWindow -> RateLimit.of(counter, dialect, perWindow, rateWindow))
                        .orElseGet(RateLimit::off),
                proxy,
                bodies);
    }

    /**
     * The database and the core services without the HTTP server or the bootstrap, for the command line: the same
     * migrations, clock and token key as the server, so what a command writes the server reads.
     */
    public record Core(Database database, Services services) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    /** Opens the database named by {@code config} (migrating it) and wires the core services over it. */
    public static Core openCore(Config config) {
        Database database =
                Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.h2AllowWriteDelay(), null);
        try {
            return new Core(
                    database,
                    Services.create(
                            database.jdbi(), Clock.systemUTC(), secretBox(config, database), eventsRetention(config)));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Duration eventsRetention(Config config) {
        return Duration.ofDays(config.operations().eventsRetentionDays());
    }

    /** The key API tokens are sealed with: GROUPDESK_SECRET_KEY, or a key file generated once in the data directory. */
    private static SecretBox secretBox(Config config, Database database) {
        byte[] current;
        if (config.secretKey().isPresent()) {
            current = SecretBox.decodeKey(config.secretKey().get(), "GROUPDESK_SECRET_KEY");
        } else {
            DataDirectory.create(Path.of(config.dataDirectory()));
            Path file = Path.of(config.dataDirectory(), "secret.key");
            if (database.isPostgres()) {
                log.warn("GROUPDESK_SECRET_KEY is not set: using the key file {}; give every node the same key", file);
            }
            current = SecretBox.keyFile(file);
        }
        List<byte[]> previous = config.previousSecretKey()
                .map(key -> List.of(SecretBox.decodeKey(key, "GROUPDESK_SECRET_KEY_PREVIOUS")))
                .orElse(List.of());
        return new SecretBox(current, previous);
    }

    public int port() {
        return server.port();
    }

    public Services services() {
        return services;
    }

    public Account bootstrapAccount() {
        return bootstrapAccount;
    }

    /** The HTTP routes served, as {@code "GET /api/v2/groups"}. */
    public List<String> httpRoutes() {
        return server.routes();
    }

    public Database database() {
        return database;
    }

    /** The webhooks service, for tests. */
    public WebhookService webhooks() {
        return webhooks;
    }

    /** This node's webhook delivery worker. */
    public WebhookWorker webhookWorker() {
        return webhookWorker;
    }

    /**
     * Stops the node: readiness turns {@code OUT_OF_SERVICE} at once, requests keep being served for the shutdown
     * grace period (so load balancers notice first), then the server and the pool close.
     */
    @Override
    public void close() {
        observability.availability().refuseTraffic();
        try {
            Thread.sleep(shutdownGrace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        webhookWorker.close(); // before the pool closes
        sweeper.close(); // before the pool closes
        database.close();
        observability.close();
    }
}
