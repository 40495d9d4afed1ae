package io.groupdesk.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory ({@code GROUPDESK_DATA_DIR}) and the H2 file's directory: created readable by their owner only,
 * since they hold the H2 file and the key API tokens are sealed with. H2 creates its files with the process umask,
 * so their permissions are narrowed after the database opens.
 */
public final class DataDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {}

    /**
     * Creates {@code directory} and its missing parents; the ones created here are owner-only (0700). A directory
     * that already exists keeps the permissions its operator gave it.
     */
    public static void create(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return;
        }
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                create(parent);
            }
            Files.createDirectory(absolute);
            if (posix(absolute)) {
                Files.setPosixFilePermissions(absolute, OWNER_ONLY_DIRECTORY);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process created it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + absolute, e);
        }
    }

    /** Makes the files of the H2 database {@code base} ({@code base.mv.db}, {@code base.trace.db}…) owner-only (0600). */
    static void restrictH2Files(Path base) {
        Path directory = base.toAbsolutePath().getParent();
        String prefix = base.getFileName() + ".";
        if (!posix(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(Files::isRegularFile)
                    .toList()) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the H2 files of " + base + " readable by their owner only", e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
