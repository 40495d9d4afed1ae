package io.groupdesk.webhooks;

import java.util.Locale;
import java.util.Optional;

/**
 * How a webhook authenticates to its endpoint, always as a request header.
 *
 * @param name the basic_auth user name or the api_key header name; null for a bearer token
 * @param secret the password, token or key; null in a change that keeps the stored one
 */
public record Authentication(Type type, String name, String secret) {

    /** The kinds of authentication, by their wire name. */
    public enum Type {
        BASIC_AUTH,
        BEARER_TOKEN,
        API_KEY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> ofKey(String key) {
            for (Type type : values()) {
                if (type.key().equals(key)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** The same authentication without its secret, as a webhook is shown. */
    public Authentication withoutSecret() {
        return new Authentication(type, name, null);
    }

    @Override
    public String toString() {
        return "Authentication[type=" + type.key() + "]";
    }
}
