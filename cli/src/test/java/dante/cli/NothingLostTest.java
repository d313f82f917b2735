package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run touches only what it created: a run directory received from someone else cannot make a fresh run delete or
 * write anything outside it, files dante did not write are never deleted, the lock never follows a link, and an
 * output file that is an input, a directory or a device is refused. Each case failed before its fix.
 */
class NothingLostTest {
    @TempDir Path dir;

    static CommandsTest.Run run(String... args) { return CommandsTest.run(args); }

    private static CommandsTest.Run train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "teacher", "--method", "sgd", "--lr", "0.1", "--epochs", "1", "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    /** A victim directory beside --out, with a file in it. */
    private Path victim(String name) throws IOException {
        Path v = Files.createDirectories(dir.resolve(name));
        Files.writeString(v.resolve("precious.txt"), "keep me");
        return v;
    }

    private static void manifest(Path out, String directoryJson) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(RunDirectory.MANIFEST), "{\"format\": \"dante-checkpoint\", \"version\": 1, \"directory\": " + directoryJson
                + ", \"epochs\": 1, \"weights_updated\": 1, \"seconds\": 1, \"config\": {}, \"files\": {}}\n");
    }

    @Test
    void aManifestNamingADirectoryOutsideOutIsNeverDeleted() throws IOException {
        Path relative = victim("victim"), absolute = victim("absolute-victim");
        for (String d : List.of("\"../victim\"", "\"" + absolute + "\"", "\"checkpoint-1/../../victim\"")) {
            Path out = dir.resolve("out-" + Math.abs(d.hashCode()));
            manifest(out, d);
            CommandsTest.Run r = train(out);
            assertEquals(0, r.status(), r.err());
            assertTrue(Files.isRegularFile(relative.resolve("precious.txt")), d + ": ../victim survives");
            assertTrue(Files.isRegularFile(absolute.resolve("precious.txt")), d + ": the absolute victim survives");
        }
    }

    @Test
    void anEmptyManifestDirectoryDoesNotDeleteTheOutputDirectory() throws IOException {
        Path out = dir.resolve("out");
        manifest(out, "\"\"");
        Files.writeString(out.resolve("notes.txt"), "the user's own file");
        CommandsTest.Run r = train(out);
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("notes.txt")), "the user's file in --out survives");
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    @Test
    void aNonStringManifestDirectoryIsOneLineOnResumeAndIgnoredOnAFreshRun() throws IOException {
        Path out = dir.resolve("out");
        manifest(out, "5");
        CommandsTest.Run fresh = train(out);
        assertEquals(0, fresh.status(), fresh.err());
        manifest(out, "[1, 2]");
        CommandsTest.Run resume = train(out, "--resume");
        assertEquals(2, resume.status(), resume.err());
        assertEquals(1, resume.err().strip().lines().count(), resume.err());
        assertTrue(resume.err().contains("is not a dante checkpoint manifest"), resume.err());
    }

    @Test
    void filesDanteDidNotWriteAreNeverDeleted() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("checkpoint-notes.txt"), "mine");
        Files.writeString(out.resolve(".draft.tmp"), "mine");
        Files.writeString(out.resolve(".notes.v2.tmp"), "mine");
        Files.createDirectories(out.resolve("checkpoint-old"));
        Files.writeString(out.resolve("checkpoint-old").resolve("a.txt"), "mine");
        CommandsTest.Run r = train(out);
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("checkpoint-notes.txt", ".draft.tmp", ".notes.v2.tmp", "checkpoint-old/a.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " survives a fresh run");
        }
    }

    @Test
    void aCheckpointDirectoryHoldingSomeoneElsesFilesIsRefusedNotDeleted() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path foreign = Files.createDirectories(out.resolve("checkpoint-500"));
        Files.writeString(foreign.resolve("pytorch_model.bin"), "weights of another tool");
        CommandsTest.Run r = train(out);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("checkpoint-500 holds files dante did not write"), r.err());
        assertTrue(Files.isRegularFile(foreign.resolve("pytorch_model.bin")), "the other tool's checkpoint survives");
        // and one that dante wrote (only its files) is still cleaned up as a leftover of a killed run
        Path ours = Files.createDirectories(dir.resolve("out2").resolve("checkpoint-7"));
        Files.writeString(ours.resolve("history.csv"), "x");
        Files.writeString(ours.resolve(".model.safetensors.abc123.tmp"), "x");
        CommandsTest.Run r2 = train(dir.resolve("out2"));
        assertEquals(0, r2.status(), r2.err());
        assertTrue(!Files.exists(ours), "a stale checkpoint of dante's own is removed");
    }

    @Test
    void theLockNeverFollowsALink() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "not a lock");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve(".lock"), elsewhere);
        CommandsTest.Run r = train(out);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(".lock is not a regular file"), r.err());
        assertEquals("not a lock", Files.readString(elsewhere));

        Path out2 = Files.createDirectories(dir.resolve("out2"));
        Files.createLink(out2.resolve(".lock"), elsewhere);
        CommandsTest.Run r2 = train(out2);
        assertEquals(2, r2.status(), r2.err());
        assertTrue(r2.err().contains("hard links"), r2.err());
        assertEquals("not a lock", Files.readString(elsewhere));
    }

    /** A trained model on a small CSV, for the predict cases. */
    private Path[] csvModel() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            sb.append(a).append(',').append(b).append(',').append(a + b > 0 ? "yes" : "no").append('\n');
        }
        Path data = Files.writeString(dir.resolve("rows.csv"), sb);
        Path runDir = dir.resolve("model-run");
        CommandsTest.Run r = run("train", "--data", "csv:" + data, "--method", "sgd", "--lr", "0.1", "--epochs", "1", "--out", runDir.toString());
        assertEquals(0, r.status(), r.err());
        return new Path[] {data, runDir};
    }

    @Test
    void predictRefusesToWriteOverItsInputsADirectoryOrADevice() throws Exception {
        Path[] m = csvModel();
        Path data = m[0], model = m[1].resolve("model.safetensors");
        String dataBefore = Files.readString(data);
        byte[] modelBefore = Files.readAllBytes(model);
        for (Path target : List.of(data, model, m[1], dir.resolve("link-to-data"))) {
            if (target.getFileName().toString().equals("link-to-data")) Files.createSymbolicLink(target, data);
            CommandsTest.Run r = run("predict", "--model", m[1].toString(), "--data", "csv:" + data, "--out", target.toString());
            assertEquals(2, r.status(), target + ": " + r.err() + r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(dataBefore, Files.readString(data), "the data file is untouched");
        assertTrue(java.util.Arrays.equals(modelBefore, Files.readAllBytes(model)), "the model file is untouched");
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mk.waitFor() == 0) {
            CommandsTest.Run r = run("predict", "--model", m[1].toString(), "--data", "csv:" + data, "--out", fifo.toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("not a regular file") && r.err().contains("--out - writes to standard output"), r.err());
            assertTrue(!Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the pipe is still a pipe");
        }
    }
}
