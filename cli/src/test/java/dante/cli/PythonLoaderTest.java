package dante.cli;

import static dante.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/dante_model.py loads model.safetensors with numpy alone and reproduces
 * {@code dante predict} to 1e-5. Needs python3 with numpy; CI installs python3-numpy and
 * then requires it (CI=true), elsewhere the test is skipped without it.
 */
class PythonLoaderTest {
    @TempDir Path dir;

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void theNumpyLoaderReproducesDantePredict() throws Exception {
        boolean ok = numpyAvailable();
        if ("true".equals(System.getenv("CI"))) assertTrue(ok, python() + " with numpy is needed in CI (.ci/run installs python3-numpy)");
        Assumptions.assumeTrue(ok, "no python3 with numpy here");
        Path train = new FileDataTest() {{ this.dir = PythonLoaderTest.this.dir; }}.flowers("f.csv", 200, 9, true, "a", "b", "c");
        FileDataTest.trained(dir.resolve("run"), "--data", "csv:" + train, "--categorical", "color", "--lr", "0.1", "--epochs", "5", "--arch", "4,16,8,3");
        CommandsTest.Run java = run("predict", "--model", dir.resolve("run").toString(), "--data", "csv:" + train);
        assertEquals(0, java.status(), java.err());
        Path script = Path.of("..", "scripts", "dante_model.py");
        assertTrue(Files.isRegularFile(script), script.toAbsolutePath() + " exists");
        Process p = new ProcessBuilder(python(), script.toString(), dir.resolve("run").toString(), "csv:" + train).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        List<String> a = java.out().strip().lines().toList(), b = out.strip().lines().toList();
        assertEquals(a.size(), b.size());
        assertEquals(a.get(0), b.get(0), "the same header");
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(","), y = b.get(i).split(",");
            assertEquals(x[0], y[0]);
            assertEquals(x[1], y[1], "row " + i + ": the same class");
            for (int j = 2; j < x.length; j++) assertEquals(Double.parseDouble(x[j]), Double.parseDouble(y[j]), 1e-5, "row " + i + ", column " + j);
        }
    }
}
