package io.groupdesk.api.console;

import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The API tokens page, for admins: the live tokens with a revoke button each, and the create form. */
final class TokenPages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TokenPages() {}

    /**
     * The page; {@code created} is the secret of a token just created, shown on this answer only: it is stored as a
     * digest, so no later page can show it again.
     */
    static Html list(
            Viewer viewer,
            List<TokenInfo> tokens,
            String draft,
            FormErrors errors,
            Optional<String> created,
            Optional<String> notice) {
        Html rows = Html.each(
                tokens,
                token -> Html.of(
                        "<tr data-token=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"actions\">{}</td></tr>",
                        token.id(),
                        token.id(),
                        token.description() == null ? "" : token.description(),
                        token.ownerEmail(),
                        TIME.format(token.createdAt()),
                        Forms.button(viewer, "/console/tokens/" + token.id() + "/revoke", "Revoke", "danger")));
        return Layout.page(
                "API tokens",
                Optional.of(viewer),
                Html.of(
                        """
                        <h1>API tokens</h1>
                        {}
                        {}
                        <div class="table-wrap"><table id="tokens">
                        <thead><tr><th scope="col">ID</th><th scope="col">Description</th><th scope="col">Acts as</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        {}
                        """,
                        Layout.notice(notice),
                        created.map(TokenPages::secret).orElse(Html.EMPTY),
                        rows,
                        createForm(viewer, draft, errors)));
    }

    private static Html secret(String token) {
        return Html.of(
                """
                <section class="card" role="status">
                <h2>Token created</h2>
                <p>Copy it now: it is shown only this once.</p>
                <p><code id="new-token">{}</code></p>
                </section>
                """,
                token);
    }

    private static Html createForm(Viewer viewer, String draft, FormErrors errors) {
        return Html.of(
                """
                <section class="card">
                <h2>New API token</h2>
                <p>The token acts as you.</p>
                <form method="post" action="/console/tokens" id="create-token" novalidate>
                {}{}{}
                <button type="submit">Create token</button>
                </form>
                </section>
                """,
                Forms.csrf(viewer),
                Forms.formErrors(errors.otherThan(List.of("description"))),
                Forms.input("create-token", "description", "Description", "text", draft, errors, false));
    }
}
