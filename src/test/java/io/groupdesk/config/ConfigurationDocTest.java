package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every {@code GROUPDESK_*} variable the code reads, so the page cannot fall behind. */
class ConfigurationDocTest {
    private static final Pattern NAME = Pattern.compile("GROUPDESK_[A-Z0-9_]+");

    @Test
    void everyGroupdeskVariableReadInSrcMainIsOnTheConfigurationPage() throws IOException {
        // given every GROUPDESK_ name in the code and resources, prefixes completed as Config completes them
        Set<String> read = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher name = NAME.matcher(Files.readString(file));
                while (name.find()) {
                    read.add(name.group());
                }
            }
        }
        for (String dialect : Config.Limits.DIALECTS) {
            read.add("GROUPDESK_RATE_LIMIT_" + dialect.toUpperCase(Locale.ROOT));
        }
        read.remove("GROUPDESK_RATE_LIMIT_");

        // when the configuration page is read
        String page = Files.readString(Path.of("docs/configuration.md"));

        // then each has a row of its own there
        assertThat(read).hasSizeGreaterThan(20);
        assertThat(read).allSatisfy(variable -> assertThat(page).contains("| `" + variable + "` |"));
    }

    @Test
    void theReadmeLinksToTheConfigurationPage() throws IOException {
        // given the README's configuration section
        String readme = Files.readString(Path.of("README.md"));

        // when a reader looks for a setting the short table leaves out, then the link is there
        assertThat(readme).contains("[docs/configuration.md](docs/configuration.md)");
    }
}
