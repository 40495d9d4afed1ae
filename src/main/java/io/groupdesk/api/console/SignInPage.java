package io.groupdesk.api.console;

import java.util.Optional;

/** The sign-in form at {@code /}. */
final class SignInPage {
    private SignInPage() {}

    static Html render(String token, String email, FormErrors errors, Optional<String> notice) {
        return Layout.page(
                "Sign in",
                Optional.empty(),
                Html.of(
                        """
                        <section class="card narrow">
                        <h1>Sign in</h1>
                        {}
                        <form method="post" action="/console/sign-in" id="sign-in" novalidate>
                        <input type="hidden" name="csrf" value="{}">
                        {}
                        {}
                        {}
                        <button type="submit">Sign in</button>
                        </form>
                        </section>
                        """,
                        Layout.notice(notice),
                        token,
                        Forms.formErrors(errors.otherThan(java.util.List.of("email", "password"))),
                        Forms.input("sign-in", "email", "Email", "email", email, errors, true),
                        Forms.input("sign-in", "password", "Password", "password", "", errors, true)));
    }
}
