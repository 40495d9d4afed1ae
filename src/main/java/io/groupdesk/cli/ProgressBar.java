package io.groupdesk.cli;

import io.groupdesk.bulk.Progress;
import java.io.PrintWriter;

/**
 * Progress on stderr. On a terminal, one line redrawn at most ten times a second:
 * {@code memberships ████████░░ 812,345/1,000,000  97,210/s}; otherwise a plain line every few seconds and one when
 * a phase ends, so logs of a redirected run stay short.
 */
final class ProgressBar implements Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;
    private static final int WIDTH = 20;

    private final PrintWriter err;
    private final boolean terminal;
    private String phase;
    private long phaseStart;
    private long lastShown;
    private boolean lineOpen;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void advanced(String phase, long done, long total) {
        long now = System.nanoTime();
        if (!phase.equals(this.phase)) {
            finishLine();
            this.phase = phase;
            phaseStart = now;
            lastShown = now;
        }
        boolean finished = total > 0 && done >= total;
        if (!finished && now - lastShown < (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            return;
        }
        lastShown = now;
        String line = line(phase, done, total, now - phaseStart);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            lineOpen = true;
            if (finished) {
                finishLine();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends a redrawn line, so what is printed next starts on its own. */
    void finishLine() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    static String line(String phase, long done, long total, long elapsedNanos) {
        long rate = elapsedNanos <= 0 ? 0 : Math.round(done * 1e9 / elapsedNanos);
        StringBuilder line = new StringBuilder(String.format("%-11s ", phase));
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            line.append("\u2588".repeat(filled)).append("\u2591".repeat(WIDTH - filled));
            line.append(String.format(" %,d/%,d", done, total));
        } else {
            line.append(String.format("%,d", done));
        }
        return line.append(String.format("  %,d/s", rate)).toString();
    }
}
