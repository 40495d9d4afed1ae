package io.groupdesk.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown document, as the doc runner sees them: each with its language, its text, the
 * line it starts on, whether an {@code <!-- doc-runner: skip (why) -->} comment right before it takes it out of the
 * run, and the expected answer a following block introduced by a line ending in "It answers:" shows.
 */
record MarkdownBlocks(List<Block> blocks) {
    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("^<!-- doc-runner: skip \\((.+)\\) -->$");

    record Block(String language, String text, int line, String skipReason, String answer) {
        boolean runs() {
            return skipReason == null;
        }
    }

    static MarkdownBlocks parse(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        String pendingSkip = null;
        boolean answerNext = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                int start = i + 1;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                    text.append(lines[i]).append('\n');
                }
                if (answerNext && !blocks.isEmpty()) {
                    Block previous = blocks.remove(blocks.size() - 1);
                    blocks.add(new Block(
                            previous.language(),
                            previous.text(),
                            previous.line(),
                            previous.skipReason(),
                            text.toString()));
                } else {
                    blocks.add(new Block(fence.group(1), text.toString(), start, pendingSkip, null));
                }
                pendingSkip = null;
                answerNext = false;
                continue;
            }
            Matcher skip = SKIP.matcher(line.strip());
            if (skip.matches()) {
                pendingSkip = skip.group(1);
            } else if (line.strip().endsWith("It answers:")) {
                answerNext = true;
            } else if (!line.isBlank()) {
                pendingSkip = null;
                answerNext = false;
            }
        }
        return new MarkdownBlocks(List.copyOf(blocks));
    }

    List<Block> shell() {
        return blocks.stream().filter(block -> block.language().equals("sh")).toList();
    }

    /**
     * Whether {@code output} shows {@code answer}: its lines, stripped and joined, with "…" standing for anything, in
     * order. Answers are written as the compact one-line JSON or the text the server sends.
     */
    static boolean shows(String output, String answer) {
        String expected =
                String.join("", answer.strip().lines().map(String::strip).toList());
        StringBuilder regex = new StringBuilder();
        for (String literal : expected.split("…", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(literal));
        }
        String actual = String.join("", output.lines().map(String::strip).toList());
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).find();
    }
}
