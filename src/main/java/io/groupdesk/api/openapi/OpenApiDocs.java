package io.groupdesk.api.openapi;

import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's own documentation, without authentication: the OpenAPI document with the request's base URL as its
 * server, and Swagger UI from the {@code org.webjars:swagger-ui} jar on the classpath (no CDN). Registered before the
 * Zendesk dialect, whose {@code /api/v2/*} catch-all would otherwise answer these paths.
 */
public final class OpenApiDocs implements Dialect {
    static final String DOCUMENT = "openapi/zendesk-v2.json";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String JSON = "application/json; charset=utf-8";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "png", "image/png",
            "map", "application/json");
    private static final String NOT_FOUND = "{\"error\":\"InvalidEndpoint\",\"description\":\"Not found\"}";

    private final BaseUrl baseUrl;
    private final JsonMapper json;
    private final ObjectNode document;
    private final String assets;
    private final byte[] page;

    public OpenApiDocs(BaseUrl baseUrl, JsonMapper json) {
        this.baseUrl = baseUrl;
        this.json = json;
        this.document = (ObjectNode) json.readTree(resource(DOCUMENT));
        this.assets = WEBJAR + swaggerUiVersion() + "/";
        this.page = resource("openapi/docs.html");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, "/api/v2/openapi.json", this::document);
        routes.addHttpHandler(HandlerType.GET, "/api/v2/docs", this::page);
        routes.addHttpHandler(HandlerType.GET, "/api/v2/docs/{asset}", this::asset);
    }

    private void document(Context ctx) {
        ObjectNode served = document.deepCopy();
        served.putArray("servers").addObject().put("url", baseUrl.of(ctx));
        ctx.status(200).contentType(JSON).result(json.writeValueAsBytes(served));
    }

    private void page(Context ctx) {
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1));
        InputStream file = type == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")
                ? null
                : OpenApiDocs.class.getClassLoader().getResourceAsStream(assets + name);
        if (file == null) {
            ctx.status(404).contentType(JSON).result(NOT_FOUND);
            return;
        }
        ctx.status(200)
                .contentType(type)
                .header("Cache-Control", "public, max-age=86400")
                .result(file);
    }

    /** The Swagger UI version on the classpath, so that a dependency bump needs no code change. */
    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(resource(WEBJAR_VERSION))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpenApiDocs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
