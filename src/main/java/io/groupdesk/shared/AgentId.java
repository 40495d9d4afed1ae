package io.groupdesk.shared;

/** The id of an agent; ids are never reused, even after an agent is deleted. */
public record AgentId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
