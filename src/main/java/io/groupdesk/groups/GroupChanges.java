package io.groupdesk.groups;

import java.util.Optional;

/** A partial update of a group: an empty field is left as it is. */
public record GroupChanges(Optional<String> name, Optional<String> description, Optional<Boolean> isPublic) {

    public static GroupChanges none() {
        return new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static GroupChanges rename(String name) {
        return new GroupChanges(Optional.of(name), Optional.empty(), Optional.empty());
    }
}
