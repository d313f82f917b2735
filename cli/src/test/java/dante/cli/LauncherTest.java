package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./dante launcher finds its checkout also when it is called through a symlink. */
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
}
