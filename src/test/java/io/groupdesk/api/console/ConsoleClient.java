package io.groupdesk.api.console;

import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What a browser does with the console, in plain HTTP: keeps its cookies, fills forms with their CSRF token. */
final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    private final Http http;
    private final String host;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    ConsoleClient(Http http, String host) {
        this.http = http;
        this.host = host;
    }

    /** Opens the sign-in page and submits it. */
    Response signIn(String email, String password) {
        Response page = get("/");
        return post("/console/sign-in", Map.of("email", email, "password", password, "csrf", csrfOf(page)));
    }

    Response get(String path) {
        return remember(
                http.get(path).host(host).header("Cookie", cookieHeader()).send());
    }

    Response post(String path, Map<String, String> form) {
        return remember(http.post(path)
                .host(host)
                .header("Cookie", cookieHeader())
                .body("application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8))
                .send());
    }

    /** Posts {@code body} as it is, for forms no browser would send. */
    Response post(String path, String contentType, byte[] body) {
        return remember(http.post(path)
                .host(host)
                .header("Cookie", cookieHeader())
                .body(contentType, body)
                .send());
    }

    /** Posts a form the way the page at {@code pagePath} would, with that page's CSRF token. */
    Response submit(String pagePath, String action, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", csrfOf(get(pagePath)));
        return post(action, form);
    }

    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    static String csrfOf(Response page) {
        Matcher matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field on the page: " + page);
        }
        return matcher.group(1);
    }

    /** Every {@code Set-Cookie} header of a response. */
    static List<String> setCookies(Response response) {
        return response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    private Response remember(Response response) {
        for (String header : setCookies(response)) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || header.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private String cookieHeader() {
        return cookies.isEmpty()
                ? "x=y"
                : cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; "));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
