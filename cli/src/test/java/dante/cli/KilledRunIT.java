package dante.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dante.core.model.SafeTensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of training resumes from its last checkpoint to the
 * weights of an uninterrupted run; while it runs, a second run on the same directory is refused.
 */
class KilledRunIT {
    @TempDir Path dir;

    static final String[] RUN = {"train", "--data", "teacher", "--arch", "20,384,384,4", "--method", "momentum", "--lr", "0.02",
            "--lr-schedule", "step:0.7:2e", "--epochs", "40", "--threads", "1", "--seed", "3"};

    static Process start(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-jar", StandaloneJarIT.jar().toString()));
        cmd.addAll(List.of(RUN));
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int inProcess(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int s = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        if (s != 0) System.err.println(err);
        return s;
    }

    static String[] with(String... more) {
        String[] a = java.util.Arrays.copyOf(RUN, RUN.length + more.length);
        System.arraycopy(more, 0, a, RUN.length, more.length);
        return a;
    }

    @Test
    void aKilledRunResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Process p = start(killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path manifest = killed.resolve(RunDirectory.MANIFEST);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.isRegularFile(manifest) && Files.readString(manifest, StandardCharsets.UTF_8).contains("\"directory\":\"checkpoint-3\"")) break;
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the run was still training when the third checkpoint appeared (make it longer if this fails)");
        // while it trains, the directory is taken
        StringWriter err = new StringWriter();
        int second = Main.run(with("--out", killed.toString()), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, second);
        assertTrue(err.toString().contains("in use by another dante run"), err.toString());
        p.destroyForcibly();                                           // SIGKILL: no shutdown hook, no final files
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(!Files.exists(killed.resolve("summary.json")), "the run was killed before it finished");

        assertEquals(0, inProcess(with("--out", killed.toString(), "--resume")));
        assertEquals(0, inProcess(with("--out", whole.toString())));
        try (var a = SafeTensors.load(whole.resolve("model.safetensors")).network(); var b = SafeTensors.load(killed.resolve("model.safetensors")).network()) {
            assertArrayEquals(a.parametersToArray(), b.parametersToArray(), "resumed weights equal the uninterrupted run's");
        }
        assertEquals(Files.readAllLines(whole.resolve("history.csv")).size(), Files.readAllLines(killed.resolve("history.csv")).size());
        try (var names = Files.list(killed)) {
            assertTrue(names.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }
}
