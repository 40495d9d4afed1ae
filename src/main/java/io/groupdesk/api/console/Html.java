package io.groupdesk.api.console;

import java.util.Collection;
import java.util.function.Function;

/**
 * A fragment of HTML that is safe to write out. Text becomes HTML only through {@link #of}, which escapes every
 * argument that is not already a fragment, so a value can reach a page unescaped only by being built as markup here.
 */
final class Html {
    static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /**
     * Fills a template's {@code {}} placeholders in order: fragments as they are, anything else as escaped text.
     * The template itself is trusted markup, so it must be a constant.
     */
    static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int from = 0;
        int arg = 0;
        int at;
        while ((at = template.indexOf("{}", from)) >= 0) {
            if (arg >= args.length) {
                throw new IllegalArgumentException("more placeholders than arguments in " + template);
            }
            out.append(template, from, at);
            Object value = args[arg++];
            out.append(value instanceof Html html ? html.markup : escape(String.valueOf(value)));
            from = at + 2;
        }
        if (arg != args.length) {
            throw new IllegalArgumentException("more arguments than placeholders in " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    /** Escaped text. */
    static Html text(Object value) {
        return new Html(escape(String.valueOf(value)));
    }

    /** The fragments one after another. */
    static <T> Html each(Collection<T> items, Function<T, Html> render) {
        StringBuilder out = new StringBuilder();
        items.forEach(item -> out.append(render.apply(item).markup));
        return new Html(out.toString());
    }

    static Html join(Html... fragments) {
        StringBuilder out = new StringBuilder();
        for (Html fragment : fragments) {
            out.append(fragment.markup);
        }
        return new Html(out.toString());
    }

    static Html when(boolean condition, Html fragment) {
        return condition ? fragment : EMPTY;
    }

    /** Escapes text for use in element content and in quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return markup;
    }
}
