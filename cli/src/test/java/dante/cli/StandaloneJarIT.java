package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded dante.jar as a separate java process (runs after packaging, under Failsafe). */
class StandaloneJarIT {
    @TempDir Path dir;

    static Path jar() {
        Path j = Path.of("target", "dante.jar");
        assertTrue(Files.isRegularFile(j), "the shaded jar " + j.toAbsolutePath() + " must exist after packaging");
        return j;
    }

    static String[] run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    @Test
    void theJarRunsOnItsOwn() throws Exception {
        String[] r = run("info");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("panama"), r[1]);
        Path out = dir.resolve("run");
        r = run("train", "--data", "teacher", "--method", "sgd", "--lr", "0.1", "--epochs", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        r = run("train", "--data", "nope", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].lines().filter(l -> !l.startsWith("WARNING")).count() == 1, r[2]);
    }
}
