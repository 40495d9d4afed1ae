package io.groupdesk.api.console;

import java.util.Optional;

/** The page around every console view: head, navigation, the signed-in agent and the sign-out button. */
final class Layout {
    private Layout() {}

    static Html page(String title, Optional<Viewer> viewer, Html content) {
        Html header = viewer.map(Layout::header)
                .orElse(Html.of("<header class=\"top\"><span class=\"brand\">Groupdesk</span></header>"));
        return Html.of(
                """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · Groupdesk</title>
                <link rel="stylesheet" href="/console/style.css">
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                {}
                <main id="main" tabindex="-1">
                {}
                </main>
                </body>
                </html>
                """,
                title,
                header,
                content);
    }

    private static Html header(Viewer viewer) {
        return Html.of(
                """
                <header class="top">
                <a class="brand" href="/console/groups">Groupdesk</a>
                <span class="account" title="The account you are signed in to">{} <span class="subdomain">{}</span></span>
                <nav aria-label="Main"><a href="/console/groups">Groups</a><a href="/console/agents">Agents</a>{}</nav>
                <div class="me"><span class="who">{} <span class="role">{}</span></span>
                <form method="post" action="/console/sign-out" class="inline">{}<button type="submit" class="link">Sign out</button></form>
                </div>
                </header>
                """,
                viewer.account().name(),
                viewer.account().subdomain(),
                Html.when(viewer.isAdmin(), Html.of("<a href=\"/console/tokens\">API tokens</a>")),
                viewer.agent().name(),
                viewer.agent().role().key(),
                Forms.csrf(viewer));
    }

    /** A one-line message on a page, e.g. after a redirect. */
    static Html notice(Optional<String> message) {
        return message.map(text -> Html.of("<p class=\"notice\" role=\"status\">{}</p>", text))
                .orElse(Html.EMPTY);
    }

    /** Previous and next links of an offset-paged list; {@code base} ends with {@code ?} or {@code &}. */
    static Html pager(String base, int page, boolean hasMore) {
        if (page <= 1 && !hasMore) {
            return Html.EMPTY;
        }
        return Html.of(
                "<nav class=\"pager\" aria-label=\"Pages\">{}<span>Page {}</span>{}</nav>",
                Html.when(page > 1, Html.of("<a href=\"{}page={}\" rel=\"prev\">Previous</a>", base, page - 1)),
                page,
                Html.when(hasMore, Html.of("<a href=\"{}page={}\" rel=\"next\">Next</a>", base, page + 1)));
    }

    static Html errorPage(int status, String title, String message, Optional<Viewer> viewer) {
        return page(
                title,
                viewer,
                Html.of(
                        "<h1>{}</h1><p class=\"error-text\" data-status=\"{}\">{}</p><p><a href=\"/\">Back to the console</a></p>",
                        title,
                        status,
                        message));
    }
}
