package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * picocli's {@code @file} argument expansion is off: an argument that starts with {@code @} is that text, never the
 * contents of a file (it let {@code --out @name} write a run where a file named {@code name} said, and
 * {@code train @/dev/zero} hang reading an endless argument file).
 */
class AtFileTest {
    @TempDir Path dir;

    @Test
    void anArgumentFileIsNotExpanded() throws Exception {
        Path args = dir.resolve("args");
        Path elsewhere = dir.resolve("elsewhere");
        Files.writeString(args, "--out " + elsewhere + "\n");
        CommandsTest.Run r = CommandsTest.run("train", "--data", "teacher", "--epochs", "1", "@" + args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(elsewhere), "nothing was written where the argument file pointed");
    }

    @Test
    void anEndlessArgumentFileDoesNotHang() {
        CommandsTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandsTest.run("train", "@/dev/zero"));
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
