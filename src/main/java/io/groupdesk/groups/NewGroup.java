package io.groupdesk.groups;

import java.util.Optional;

/**
 * A command to create a group.
 *
 * @param description empty means none
 * @param isPublic empty means public
 */
public record NewGroup(String name, Optional<String> description, Optional<Boolean> isPublic) {

    public static NewGroup named(String name) {
        return new NewGroup(name, Optional.empty(), Optional.empty());
    }
}
