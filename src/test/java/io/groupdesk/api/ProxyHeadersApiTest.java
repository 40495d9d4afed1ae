package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A proxy's forwarded headers ({@code X-Forwarded-Host}, {@code -Proto}, {@code Forwarded}) pick the account and the
 * links in responses only on a node told it sits behind a proxy ({@code GROUPDESK_TRUST_PROXY}); elsewhere the
 * request's own {@code Host} and scheme do. Two nodes on one database: A with the default, B behind a proxy.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ProxyHeadersApiTest {
    /** The address a proxy reaches the node at, which names no account. */
    private static final String UPSTREAM = "groupdesk.internal:8080";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Groupdesk proxied;
    private static Http direct;
    private static Http behindProxy;
    private static TestAccount mine;
    private static TestAccount other;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        direct = app.http();
        Map<String, String> env = new HashMap<>(app.environment());
        env.put("GROUPDESK_TRUST_PROXY", "true");
        proxied = Groupdesk.start(Config.from(env), new PrintStream(OutputStream.nullOutputStream()));
        behindProxy = new Http(proxied.port());
        mine = app.fixtures().account();
        app.fixtures().group(mine.id(), "Mine only");
        other = app.fixtures().account();
        app.fixtures().group(other.id(), "Other only");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        proxied.close();
    }

    // ---- without GROUPDESK_TRUST_PROXY ----------------------------------------------------------------------------

    @Test
    void forwardedHostDoesNotReachAnotherAccount() {
        // given a request to my account's host that claims to be forwarded for another account, with its credentials
        Http.Request request = direct.get("/api/v2/groups.json")
                .host(mine.host())
                .header("X-Forwarded-Host", other.host())
                .header("Forwarded", "host=" + other.host())
                .as(other.admin());

        // when it is sent, then the other account's credentials are not mine's, so it is refused
        assertThat(request.send().status()).isEqualTo(401);

        // and my own credentials read my account's groups
        Response mineRead = direct.get("/api/v2/groups.json")
                .host(mine.host())
                .header("X-Forwarded-Host", other.host())
                .as(mine.admin())
                .send();
        assertThat(mineRead.status()).isEqualTo(200);
        assertThat(names(mineRead.json().get("groups"))).containsExactly("Support", "Mine only");
    }

    @Test
    void forwardedHostDoesNotReachAnotherAccountInTheXmlDialect() {
        Response response = direct.get("/groups.xml")
                .host(mine.host())
                .header("X-Forwarded-Host", other.host())
                .as(other.admin())
                .send();

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void linksUseTheRequestsOwnSchemeAndHost() {
        // given requests to my account's host that claim another host and HTTPS
        Map<String, String> claims = Map.of(
                "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "https",
                "Forwarded", "host=evil.example;proto=https");
        String base = "http://" + mine.host();

        // when a page of groups is listed, a group created and the OpenAPI document read
        Response page = withHeaders(direct.get("/api/v2/groups.json?per_page=1"), claims)
                .host(mine.host())
                .as(mine.admin())
                .send();
        Response created = withHeaders(direct.post("/api/v2/groups.json"), claims)
                .host(mine.host())
                .as(mine.admin())
                .json("{\"group\": {\"name\": \"Direct " + System.nanoTime() + "\"}}")
                .send();
        Response openApi = withHeaders(direct.get("/api/v2/openapi.json"), claims)
                .host(mine.host())
                .send();

        // then every link is on the request's own scheme and Host
        assertThat(page.status()).isEqualTo(200);
        JsonNode first = page.json().get("groups").get(0);
        assertThat(first.get("url").asString()).isEqualTo(base + "/api/v2/groups/" + first.get("id") + ".json");
        assertThat(page.json().get("next_page").asString()).isEqualTo(base + "/api/v2/groups.json?per_page=1&page=2");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .hasValue(base + "/api/v2/groups/" + created.json().get("group").get("id") + ".json");
        assertThat(openApi.json().get("servers").get(0).get("url").asString()).isEqualTo(base);
    }

    // ---- with GROUPDESK_TRUST_PROXY=true --------------------------------------------------------------------------

    @Test
    void behindATrustedProxyTheForwardedHostPicksTheAccountAndTheLinks() {
        // given requests a proxy forwards for my account's host over HTTPS, to the node's own address
        Map<String, String> forwarded = Map.of("X-Forwarded-Host", mine.host(), "X-Forwarded-Proto", "https");
        String base = "https://" + mine.host();

        // when a page of groups is listed, a group created and the OpenAPI document read
        Response page = withHeaders(behindProxy.get("/api/v2/groups.json?per_page=1"), forwarded)
                .host(UPSTREAM)
                .as(mine.admin())
                .send();
        Response created = withHeaders(behindProxy.post("/api/v2/groups.json"), forwarded)
                .host(UPSTREAM)
                .as(mine.admin())
                .json("{\"group\": {\"name\": \"Proxied " + System.nanoTime() + "\"}}")
                .send();
        Response openApi = withHeaders(behindProxy.get("/api/v2/openapi.json"), forwarded)
                .host(UPSTREAM)
                .send();

        // then my account answers, and every link is on the forwarded scheme and host
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode first = page.json().get("groups").get(0);
        assertThat(first.get("name").asString()).isEqualTo("Support");
        assertThat(first.get("url").asString()).isEqualTo(base + "/api/v2/groups/" + first.get("id") + ".json");
        assertThat(page.json().get("next_page").asString()).isEqualTo(base + "/api/v2/groups.json?per_page=1&page=2");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .hasValue(base + "/api/v2/groups/" + created.json().get("group").get("id") + ".json");
        assertThat(openApi.json().get("servers").get(0).get("url").asString()).isEqualTo(base);
    }

    @Test
    void behindATrustedProxyTheForwardedHeaderWinsOverTheXForwardedOnes() {
        // given a request whose Forwarded header names my account over HTTPS, and X-Forwarded-* another over HTTP
        Response response = behindProxy
                .get("/api/v2/groups.json?per_page=1")
                .host(UPSTREAM)
                .header("Forwarded", "host=\"" + mine.host() + "\";proto=https, host=" + UPSTREAM)
                .header("X-Forwarded-Host", other.host())
                .header("X-Forwarded-Proto", "http")
                .as(mine.admin())
                .send();

        // then Forwarded's first element picks the account and the links
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("next_page").asString())
                .isEqualTo("https://" + mine.host() + "/api/v2/groups.json?per_page=1&page=2");
    }

    @Test
    void behindATrustedProxyTheXmlDialectFollowsTheForwardedHost() {
        Response response = behindProxy
                .get("/groups.xml")
                .host(UPSTREAM)
                .header("X-Forwarded-Host", other.host())
                .as(other.admin())
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("Other only").doesNotContain("Mine only");
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        for (JsonNode group : groups) {
            names.add(group.get("name").asString());
        }
        return names;
    }

    private static Http.Request withHeaders(Http.Request request, Map<String, String> headers) {
        headers.forEach(request::header);
        return request;
    }
}
