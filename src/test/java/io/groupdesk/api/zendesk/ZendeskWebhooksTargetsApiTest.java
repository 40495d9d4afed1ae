package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With private targets not allowed (the default), an endpoint on the server's own networks is refused when a webhook
 * is created, changed or tested.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskWebhooksTargetsApiTest {
    private static final List<String> INTERNAL = List.of(
            "http://127.0.0.1:8080/hook",
            "http://10.1.2.3/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost/hook",
            "http://[::1]/hook",
            "http://0.0.0.0/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[::ffff:a00:1]/hook");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        http = app.http();
        account = app.fixtures().account();
    }

    private static String webhook(String endpoint) {
        return "{\"webhook\":{\"name\":\"Internal\",\"endpoint\":\"" + endpoint + "\",\"status\":\"active\","
                + "\"subscriptions\":[\"zen:event-type:user.created\"]}}";
    }

    @Test
    void refusesInternalEndpointsOnCreateUpdateAndTest() {
        // given: a webhook with a public endpoint (saving it resolves nothing but its literal address)
        Response created = http.post("/api/v2/webhooks")
                .host(account.host())
                .as(account.admin())
                .json(webhook("https://93.184.216.34/hook"))
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("webhook").get("id").asString();

        for (String endpoint : INTERNAL) {
            // when
            Response create = http.post("/api/v2/webhooks")
                    .host(account.host())
                    .as(account.admin())
                    .json(webhook(endpoint))
                    .send();
            Response patch = http.request("PATCH", "/api/v2/webhooks/" + id)
                    .host(account.host())
                    .as(account.admin())
                    .json("{\"webhook\":{\"endpoint\":\"" + endpoint + "\"}}")
                    .send();
            Response test = http.post("/api/v2/webhooks/test")
                    .host(account.host())
                    .as(account.admin())
                    .json(webhook(endpoint))
                    .send();

            // then
            for (Response refused : List.of(create, patch, test)) {
                assertThat(refused.status()).as(endpoint + ": " + refused).isEqualTo(422);
                assertThat(refused.json()
                                .get("details")
                                .get("endpoint")
                                .get(0)
                                .get("description")
                                .asString())
                        .as(endpoint)
                        .startsWith("Endpoint: ");
            }
        }
        // and the stored endpoint is unchanged
        assertThat(http.get("/api/v2/webhooks/" + id)
                        .host(account.host())
                        .as(account.admin())
                        .send()
                        .json()
                        .get("webhook")
                        .get("endpoint")
                        .asString())
                .isEqualTo("https://93.184.216.34/hook");
    }
}
