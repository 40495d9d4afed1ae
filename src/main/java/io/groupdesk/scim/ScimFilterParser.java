package io.groupdesk.scim;

import io.groupdesk.scim.ScimFilter.Operator;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A recursive-descent parser of RFC 7644's filter grammar: {@code or} binds looser than {@code and}, {@code not} takes
 * a parenthesised filter, operators and the logical words ignore case, values are JSON literals. A value path may be
 * followed by a sub-attribute and a comparison ({@code emails[type eq "work"].value eq "a@b.c"}), which means the same
 * as the comparison inside the brackets.
 */
final class ScimFilterParser {
    static final int MAX_LENGTH = 4096;
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int position;
    private int depth;

    ScimFilterParser(String text) {
        this.text = text == null ? "" : text;
    }

    ScimFilter parse() {
        if (text.isBlank()) {
            throw invalid("The filter is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("The filter is longer than " + MAX_LENGTH + " characters");
        }
        ScimFilter filter = or(false);
        skipSpace();
        if (position < text.length()) {
            throw invalid("Unexpected '" + text.charAt(position) + "' at position " + (position + 1));
        }
        return filter;
    }

    private ScimFilter or(boolean inValuePath) {
        enter();
        ScimFilter left = and(inValuePath);
        while (word("or")) {
            left = new ScimFilter.Or(left, and(inValuePath));
        }
        depth--;
        return left;
    }

    private ScimFilter and(boolean inValuePath) {
        ScimFilter left = unary(inValuePath);
        while (word("and")) {
            left = new ScimFilter.And(left, unary(inValuePath));
        }
        return left;
    }

    private ScimFilter unary(boolean inValuePath) {
        skipSpace();
        if (word("not")) {
            skipSpace();
            expect('(');
            ScimFilter inner = or(inValuePath);
            expect(')');
            return new ScimFilter.Not(inner);
        }
        if (peek('(')) {
            position++;
            ScimFilter inner = or(inValuePath);
            expect(')');
            return inner;
        }
        String path = attributePath();
        skipSpace();
        if (peek('[')) {
            if (inValuePath) {
                throw invalid("A value filter cannot hold another one");
            }
            position++;
            ScimFilter inner = or(true);
            expect(']');
            if (peek('.')) {
                position++;
                String sub = attributePath();
                ScimFilter comparison = comparison(sub);
                return new ScimFilter.ValuePath(path, new ScimFilter.And(inner, comparison));
            }
            return new ScimFilter.ValuePath(path, inner);
        }
        return comparison(path);
    }

    private ScimFilter comparison(String path) {
        skipSpace();
        int start = position;
        String operator = bareWord().toLowerCase(Locale.ROOT);
        if (operator.equals("pr")) {
            return new ScimFilter.Present(path);
        }
        int index = Operator.NAMES.indexOf(operator);
        if (index < 0) {
            position = start;
            throw invalid(
                    operator.isEmpty()
                            ? "Expected an operator after '" + path + "' at position " + (start + 1)
                            : "Unknown operator '" + operator + "' at position " + (start + 1));
        }
        return new ScimFilter.Compare(path, Operator.values()[index], value());
    }

    private Object value() {
        skipSpace();
        if (peek('"')) {
            return string();
        }
        int start = position;
        String literal = bareWord();
        switch (literal) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return ScimFilter.Null.NULL;
            default:
                break;
        }
        if (literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return new BigDecimal(literal);
        }
        throw invalid(
                literal.isEmpty()
                        ? "Expected a value at position " + (start + 1)
                        : "'" + literal + "' is not a value: strings are quoted");
    }

    private String string() {
        position++; // the opening quote
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (position >= text.length()) {
                break;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (position + 4 > text.length()
                            || !text.substring(position, position + 4).matches("[0-9a-fA-F]{4}")) {
                        throw invalid("A \\u escape needs four hexadecimal digits");
                    }
                    value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> throw invalid("Unknown escape \\" + escaped + " in a string");
            }
        }
        throw invalid("A string is not closed");
    }

    /** An attribute path: an optional schema URN, a name, and a sub-attribute, as one run of name characters. */
    private String attributePath() {
        skipSpace();
        int start = position;
        while (position < text.length() && isPathChar(text.charAt(position))) {
            position++;
        }
        String path = text.substring(start, position);
        if (path.isEmpty()) {
            throw invalid(
                    position < text.length()
                            ? "Unexpected '" + text.charAt(position) + "' at position " + (position + 1)
                            : "The filter ends where an attribute was expected");
        }
        String name = path.contains(":") ? path.substring(path.lastIndexOf(':') + 1) : path;
        if (!name.matches("[A-Za-z$][A-Za-z0-9_$-]*(\\.[A-Za-z$][A-Za-z0-9_$-]*)?")) {
            throw invalid("'" + path + "' is not an attribute name");
        }
        return path;
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '$'
                || c == ':'
                || c == '.';
    }

    private String bareWord() {
        int start = position;
        while (position < text.length()
                && !Character.isWhitespace(text.charAt(position))
                && "()[]\"".indexOf(text.charAt(position)) < 0) {
            position++;
        }
        return text.substring(start, position);
    }

    /** Consumes {@code keyword} (any case) when it comes next as a whole word. */
    private boolean word(String keyword) {
        skipSpace();
        int end = position + keyword.length();
        if (end > text.length() || !text.substring(position, end).equalsIgnoreCase(keyword)) {
            return false;
        }
        if (end < text.length() && (isPathChar(text.charAt(end)) || text.charAt(end) == '"')) {
            return false;
        }
        position = end;
        return true;
    }

    private boolean peek(char c) {
        skipSpace();
        return position < text.length() && text.charAt(position) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw invalid(
                    position < text.length()
                            ? "Expected '" + c + "' at position " + (position + 1) + " but found '"
                                    + text.charAt(position) + "'"
                            : "Expected '" + c + "' but the filter ends");
        }
        position++;
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw invalid("The filter nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    static ValidationException invalid(String message) {
        return ValidationException.of(ScimErrors.FILTER, Rule.INVALID, message);
    }
}
