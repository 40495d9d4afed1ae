package io.groupdesk.bulk;

/** Told how far a long bulk operation has come, so a command line can draw a progress bar. */
public interface Progress {
    Progress NONE = (phase, done, total) -> {};

    /**
     * Called after each batch, from the working thread.
     *
     * @param phase what is being worked on ({@code users}, {@code groups}, {@code memberships})
     */
    void advanced(String phase, long done, long total);
}
