package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./dante launcher finds its checkout also when it is called through a symlink; the Maven Wrapper finds a JDK
 * that can run the build when {@code JAVA_HOME} names an older one, or says in one line what to install.
 */
class LauncherTest {
    @TempDir Path dir;

    @Test
    void theLauncherFindsItsCheckoutThroughASymlink() throws Exception {
        Path launcher = Path.of("..", "dante").toAbsolutePath().normalize();
        Path link = Files.createSymbolicLink(dir.resolve("dante"), launcher);
        Process p = new ProcessBuilder("bash", link.toString(), "--print-root").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals(launcher.getParent().toRealPath().toString(), out);
    }

    /** A JDK 17 home as far as the scripts can tell: a release file and a java that prints 17's version line and refuses JDK 25's flags. */
    private Path oldJdk() throws Exception {
        Path home = dir.resolve("jdk-17");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        for (String tool : List.of("java", "javac")) {
            Path bin = home.resolve("bin").resolve(tool);
            Files.writeString(bin, """
                    #!/bin/sh
                    case "$*" in *-version*) echo 'openjdk version "17.0.15" 2025-04-15' >&2; exit 0 ;; esac
                    echo "Unrecognized option: --sun-misc-unsafe-memory-access=allow" >&2
                    echo "Error: Could not create the Java Virtual Machine." >&2
                    exit 1
                    """);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private static String[] wrapper(Process p, StringBuilder out) throws Exception {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the wrapper did not finish");
        return out.toString().strip().split("\n");
    }

    private Process mvnw(Path javaHome, Path search) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("..", "mvnw").toAbsolutePath().normalize().toString(), "-v").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("PATH", javaHome.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("DANTE_JDK_SEARCH", search.toString());
        return pb.start();
    }

    @Test
    void theWrapperFindsANewEnoughJdkWhenJavaHomeIsOlder() throws Exception {
        Path search = Files.createDirectories(dir.resolve("jvm"));
        Files.createSymbolicLink(search.resolve("the-running-jdk"), Path.of(System.getProperty("java.home")));
        StringBuilder out = new StringBuilder();
        Process p = mvnw(oldJdk(), search);
        wrapper(p, out);
        assertEquals(0, p.exitValue(), out.toString());
        assertTrue(out.toString().contains("Java version: " + Runtime.version().feature()), out.toString());
    }

    @Test
    void theWrapperSaysInOneLineWhatToInstallWhenNoJdkIsNewEnough() throws Exception {
        Path search = Files.createDirectories(dir.resolve("empty-jvm"));
        StringBuilder out = new StringBuilder();
        Process p = mvnw(oldJdk(), search);
        String[] lines = wrapper(p, out);
        assertEquals(1, p.exitValue(), out.toString());
        assertEquals(1, lines.length, out.toString());
        assertTrue(lines[0].startsWith("dante: no JDK >= 25 found") && lines[0].contains("install one"), lines[0]);
    }
}
