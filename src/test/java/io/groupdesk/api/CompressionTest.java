package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Large answers are gzipped for clients that accept it, and only for them. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class CompressionTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        for (int i = 0; i < 60; i++) {
            app.services().groups().create(Caller.system(account.id()), NewGroup.named("Compressed team " + i));
        }
    }

    private static Response groups(String path, String acceptEncoding) {
        var request = app.http().get(path).host(account.host()).as(account.admin());
        return (acceptEncoding == null ? request : request.header("Accept-Encoding", acceptEncoding)).send();
    }

    @Test
    void listIsGzippedForAClientThatAcceptsItAndReadsTheSame() {
        Response plain = groups("/api/v2/groups.json", null);
        Response gzipped = groups("/api/v2/groups.json", "gzip, deflate");

        assertThat(plain.header("Content-Encoding")).isEmpty();
        assertThat(gzipped.header("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.bytes().length).isLessThan(plain.bytes().length / 3);
        assertThat(gunzip(gzipped.bytes())).isEqualTo(plain.body());
    }

    @Test
    void xmlListIsGzippedToo() {
        Response plain = groups("/groups.xml", null);
        Response gzipped = groups("/groups.xml", "gzip");

        assertThat(gzipped.header("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(gzipped.bytes())).isEqualTo(plain.body());
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
