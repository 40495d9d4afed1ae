package io.groupdesk.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The tarball {@code ./mvnw package} builds for operators holds what docs/install.md installs from it. */
class ReleaseTarballIT {
    private static final Path TARBALL = Path.of(System.getProperty("groupdesk.tarball", "missing"));

    @Test
    void holdsTheJarTheUnitTheLicenceTheReadmeAndTheDocsUnderOneDirectory() throws IOException {
        // given the tarball the package phase built
        assertThat(TARBALL).as("built by ./mvnw package").isRegularFile();

        // when it is read
        Map<String, byte[]> entries = entries(TARBALL);

        // then everything sits under groupdesk-<version>/, and the operator's files are the project's own
        String top = TARBALL.getFileName().toString().replace(".tar.gz", "") + "/";
        assertThat(entries.keySet()).allSatisfy(name -> assertThat(name).startsWith(top));
        assertThat(entries.keySet())
                .contains(
                        top + "groupdesk.jar",
                        top + "groupdesk.service",
                        top + "LICENSE",
                        top + "README.md",
                        top + "CHANGELOG.md",
                        top + "docs/install.md");
        assertThat(entries.get(top + "groupdesk.jar"))
                .isEqualTo(Files.readAllBytes(Path.of("target", "groupdesk.jar")));
        assertThat(entries.get(top + "groupdesk.service"))
                .isEqualTo(Files.readAllBytes(Path.of("dist", "groupdesk.service")));
        for (String file :
                new String[] {"LICENSE", "README.md", "CHANGELOG.md", "docs/install.md", "docs/upgrading.md"}) {
            assertThat(entries.get(top + file)).as(file).isEqualTo(Files.readAllBytes(Path.of(file)));
        }
    }

    @Test
    void holdsEveryPageOfTheDocs() throws IOException {
        // given the tarball and the docs directory it was built from
        Map<String, byte[]> entries = entries(TARBALL);
        String top = TARBALL.getFileName().toString().replace(".tar.gz", "") + "/";

        // when the pages under docs/ are listed
        try (var pages = Files.walk(Path.of("docs"))) {
            // then each is in the tarball, as it is in the repository
            pages.filter(Files::isRegularFile).forEach(page -> assertThat(entries)
                    .as(page.toString())
                    .containsKey(top + page.toString().replace('\\', '/')));
        }
    }

    /** The regular files of a gzipped POSIX tar, by path: ustar names and prefixes, and pax {@code path} records. */
    private static Map<String, byte[]> entries(Path tarball) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            String paxPath = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return entries;
                }
                String name = field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String prefix = field(header, 345, 155);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') {
                    paxPath = paxPath(body);
                    continue;
                }
                String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
                paxPath = null;
                if (type == '0' || type == 0) {
                    entries.put(path, body);
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    // pax records are "<length> <key>=<value>\n"
    private static String paxPath(byte[] body) {
        for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
            String keyValue = record.substring(record.indexOf(' ') + 1);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring("path=".length());
            }
        }
        return null;
    }
}
