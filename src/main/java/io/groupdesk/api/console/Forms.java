package io.groupdesk.api.console;

import java.util.List;

/** Labelled form controls that show their error next to them, wired with {@code aria-describedby}. */
final class Forms {
    private Forms() {}

    /** The hidden CSRF field every POST form carries. */
    static Html csrf(Viewer viewer) {
        return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", viewer.csrf());
    }

    /** A POST form with only a button, e.g. "Remove". */
    static Html button(Viewer viewer, String action, String label, String cssClass) {
        return Html.of(
                "<form method=\"post\" action=\"{}\" class=\"inline\">{}<button type=\"submit\" class=\"{}\">{}</button></form>",
                action,
                csrf(viewer),
                cssClass,
                label);
    }

    static Html input(
            String formId, String name, String label, String type, String value, FormErrors errors, boolean required) {
        String id = formId + "-" + name;
        boolean invalid = errors.has(name);
        return Html.of(
                "<div class=\"field{}\"><label for=\"{}\">{}</label>"
                        + "<input id=\"{}\" name=\"{}\" type=\"{}\" value=\"{}\"{}{}{}>{}</div>",
                invalid ? " invalid" : "",
                id,
                label,
                id,
                name,
                type,
                value == null ? "" : value,
                Html.when(required, Html.of(" required")),
                invalid(id, invalid),
                Html.when(
                        type.equals("password"),
                        Html.of(
                                " autocomplete=\"{}\"",
                                formId.equals("sign-in") ? "current-password" : "new-password")),
                error(id, label, errors.message(name)));
    }

    static Html textarea(String formId, String name, String label, String value, FormErrors errors) {
        String id = formId + "-" + name;
        boolean invalid = errors.has(name);
        return Html.of(
                "<div class=\"field{}\"><label for=\"{}\">{}</label><textarea id=\"{}\" name=\"{}\" rows=\"3\"{}>{}</textarea>{}</div>",
                invalid ? " invalid" : "",
                id,
                label,
                id,
                name,
                invalid(id, invalid),
                value == null ? "" : value,
                error(id, label, errors.message(name)));
    }

    /** A select of {@code options} (value, label pairs). */
    static Html select(String formId, String name, String label, List<String[]> options, FormErrors errors) {
        String id = formId + "-" + name;
        boolean invalid = errors.has(name);
        return Html.of(
                "<div class=\"field{}\"><label for=\"{}\">{}</label><select id=\"{}\" name=\"{}\"{}>{}</select>{}</div>",
                invalid ? " invalid" : "",
                id,
                label,
                id,
                name,
                invalid(id, invalid),
                Html.each(options, option -> Html.of("<option value=\"{}\">{}</option>", option[0], option[1])),
                error(id, label, errors.message(name)));
    }

    /** Errors about the form as a whole, shown above its fields. */
    static Html formErrors(List<String> messages) {
        if (messages.isEmpty()) {
            return Html.EMPTY;
        }
        return Html.of(
                "<div class=\"form-error\" role=\"alert\">{}</div>",
                Html.each(messages, message -> Html.of("<p>{}</p>", message)));
    }

    /** Marks a refused field, and focuses it so that a keyboard user starts where the problem is. */
    private static Html invalid(String id, boolean invalid) {
        return Html.when(invalid, Html.of(" aria-invalid=\"true\" aria-describedby=\"{}-error\" autofocus", id));
    }

    /** The core's message about the field, e.g. "has already been taken", after the field's label. */
    private static Html error(String id, String label, String message) {
        return message == null
                ? Html.EMPTY
                : Html.of("<p class=\"error\" id=\"{}-error\">{} {}</p>", id, label, message);
    }
}
