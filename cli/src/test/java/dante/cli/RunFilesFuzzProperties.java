package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing laws for what a run reads from disk and where it writes (docs/RELIABILITY.md):
 * <ul>
 * <li><b>manifests</b>: a run directory with an arbitrary, hostile {@code CHECKPOINT} (paths out of --out, absolute
 *     paths, empty and non-string directories, numbers in place of text, truncated JSON, huge values) and planted
 *     files: a fresh run ends with status 0 and a resume with status 0 or 2 and one line; nothing outside --out is
 *     touched, and no file dante did not write inside it is deleted;</li>
 * <li><b>model encodings</b>: the input encoding a model carries, mutated byte by byte: it parses and resolves, or is
 *     refused with our own exception; never another exception, never unbounded work;</li>
 * <li><b>output paths</b>: {@code predict --out} at an input, the model, the run directory, a link to an input, a
 *     pipe, a path under a file, or a fresh file: status 0 with the predictions there, or status 2 with one line;
 *     the inputs are byte for byte as before.</li>
 * </ul>
 */
class RunFilesFuzzProperties {
    static final Path DIR;
    static final Path DATA, MODEL_RUN;
    static int manifests, encodings, encodingsParsed, outputs, outputsWritten;

    static {
        try {
            DIR = Files.createTempDirectory("dante-runfuzz");
            StringBuilder sb = new StringBuilder("a,b,colour,y\n");
            Random r = new Random(9);
            for (int i = 0; i < 150; i++) {
                double a = r.nextGaussian(), b = r.nextGaussian();
                sb.append(a).append(',').append(b).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(a + b > 0 ? "yes" : "no").append('\n');
            }
            DATA = Files.writeString(DIR.resolve("rows.csv"), sb);
            MODEL_RUN = DIR.resolve("model-run");
            CommandsTest.Run t = CommandsTest.run("train", "--data", "csv:" + DATA, "--categorical", "colour", "--method", "sgd", "--epochs", "1", "--out", MODEL_RUN.toString());
            if (t.status() != 0) throw new IllegalStateException(t.err());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int SCALE = ArgumentFuzzProperties.SCALE;

    /** Every regular file and directory under {@code root} with its size (files) and kind: a fingerprint of what is there. */
    static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return m;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String kind = Files.isSymbolicLink(p) ? "link" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file " + Files.size(p);
                m.put(root.relativize(p).toString(), kind);
            }
        }
        return m;
    }

    static final String[] DIRECTORIES = {"\"checkpoint-1\"", "\"../victim\"", "\"\"", "\".\"", "\"..\"", "\"/\"", null, "5", "[\"checkpoint-1\"]", "{}", "true",
            "\"checkpoint-1/../../victim\"", "\"checkpoint-99999999999999999999\"", "\"checkpoint--1\"", "\"notes\"", "\".lock\"", "\"CHECKPOINT\""};

    static String manifest(Random r, Path victim) {
        String dirValue = r.nextInt(6) == 0 ? "\"" + victim + "\"" : DIRECTORIES[r.nextInt(DIRECTORIES.length)];
        List<String> fields = new ArrayList<>();
        if (r.nextInt(8) != 0) fields.add("\"format\": " + (r.nextInt(6) == 0 ? "\"other\"" : "\"dante-checkpoint\""));
        if (dirValue != null) fields.add("\"directory\": " + dirValue);
        String[] numbers = {"1", "0", "-1", "2e9", "1e400", "\"1\"", "null", "9223372036854775807"};
        for (String k : new String[] {"epochs", "weights_updated", "seconds"}) if (r.nextInt(5) != 0) fields.add("\"" + k + "\": " + numbers[r.nextInt(numbers.length)]);
        if (r.nextInt(3) != 0) fields.add("\"config\": " + (r.nextInt(4) == 0 ? "[]" : "{\"seed\": \"1\"}"));
        if (r.nextInt(3) != 0) fields.add("\"files\": " + (r.nextInt(4) == 0 ? "\"x\"" : "{\"model.safetensors\": \"00\"}"));
        java.util.Collections.shuffle(fields, r);
        String json = "{" + String.join(", ", fields) + "}";
        if (r.nextInt(8) == 0) json = json.substring(0, r.nextInt(json.length() + 1));   // truncated
        return json;
    }

    @Property(tries = 25)
    void aHostileManifestNeverTouchesAnythingOutsideOutNorFilesDanteDidNotWrite(@ForAll long seed) throws IOException {
        for (int i = 0; i < SCALE; i++) checkManifest(seed + i * 0x9E3779B97F4A7C15L);
    }

    void checkManifest(long seed) throws IOException {
        Random r = new Random(seed);
        Path base = Files.createTempDirectory(DIR, "m");
        Path victim = Files.createDirectories(base.resolve("victim"));
        Files.writeString(victim.resolve("precious.txt"), "keep");
        Path out = Files.createDirectories(base.resolve("out"));
        Files.writeString(out.resolve(RunDirectory.MANIFEST), manifest(r, victim));
        // planted files a user might keep in --out
        List<String> planted = new ArrayList<>();
        for (String name : new String[] {"notes.txt", ".draft.tmp", "checkpoint-notes.txt", "checkpoint-1/README"}) {
            if (r.nextBoolean()) continue;
            Path p = out.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "mine");
            planted.add(name);
        }
        Map<String, String> victimBefore = fingerprint(victim);
        manifests++;
        List<String> args = new ArrayList<>(List.of("train", "--data", "teacher", "--train-limit", "200", "--method", "sgd", "--epochs", "1", "--threads", "1", "--out", out.toString()));
        if (r.nextBoolean()) args.add("--resume");
        CommandsTest.Run run;
        try {
            run = CommandsTest.run(args.toArray(String[]::new));
        } catch (Throwable t) {
            fail("dante " + String.join(" ", args) + " threw " + t, t);
            return;
        }
        if (run.status() != 0) {
            assertEquals(2, run.status(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertEquals(victimBefore, fingerprint(victim), "the directory beside --out is untouched: " + String.join(" ", args));
        for (String p : planted) {
            // a checkpoint-1 holding a README is refused, never deleted; the other planted files survive any run
            assertTrue(Files.isRegularFile(out.resolve(p)), p + " survives: " + String.join(" ", args) + "\n" + run.err());
        }
    }

    @Property(tries = 200)
    void aMutatedModelEncodingParsesOrIsRefusedWithOurOwnException(@ForAll long seed) throws IOException {
        String json = dante.core.model.SafeTensors.load(MODEL_RUN.resolve("model.safetensors")).metadata().get(InputEncoding.KEY);
        for (int i = 0; i < SCALE; i++) checkEncoding(json, new Random(seed + i * 0x9E3779B97F4A7C15L));
    }

    void checkEncoding(String json, Random r) {
        StringBuilder sb = new StringBuilder(json);
        String[] inserts = {"", "\"\"", "null", "[]", "{}", "1e400", "-1", "\"\\u0000\"", ",", "\"a=b\"", "\"colour=red\"", "999999999999"};
        for (int k = 0, n = 1 + r.nextInt(4); k < n && sb.length() > 0; k++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, inserts[r.nextInt(inserts.length)]);
                default -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
            }
        }
        encodings++;
        try {
            InputEncoding e = InputEncoding.parse(sb.toString(), "fuzz.safetensors");
            encodingsParsed++;
            if (e.format().equals("text")) e.resolveFeatures();
        } catch (IllegalArgumentException | dante.datasets.DataFormatException | dante.core.model.ModelFormatException expected) {
            // our own exceptions: a one-line refusal
        } catch (Throwable t) {
            fail("encoding " + sb + " threw " + t, t);
        }
    }

    @Property(tries = 40)
    void predictWritesItsOutputOnlyWhereItShouldAndNeverOverAnInput(@ForAll long seed) throws Exception {
        for (int i = 0; i < SCALE; i++) checkOutput(new Random(seed + i * 0x9E3779B97F4A7C15L));
    }

    void checkOutput(Random r) throws Exception {
        Path base = Files.createTempDirectory(DIR, "o");
        Path link = base.resolve("link.csv");
        Files.createSymbolicLink(link, DATA);
        Path fifo = base.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Path[] targets = {DATA, MODEL_RUN.resolve("model.safetensors"), MODEL_RUN, link, fifo, DATA.resolve("under-a-file.csv"), base, base.resolve("fresh.csv"),
                base.resolve("new-dir").resolve("fresh.csv"), Path.of("")};
        Path target = targets[r.nextInt(targets.length)];
        byte[] dataBefore = Files.readAllBytes(DATA), modelBefore = Files.readAllBytes(MODEL_RUN.resolve("model.safetensors"));
        outputs++;
        CommandsTest.Run run = CommandsTest.run("predict", "--model", MODEL_RUN.toString(), "--data", "csv:" + (r.nextBoolean() ? DATA : link), "--out", target.toString());
        if (run.status() == 0) {
            outputsWritten++;
            assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.readString(target, StandardCharsets.UTF_8).lines().count() == 151,
                    "the predictions are in " + target);
            assertTrue(target.startsWith(base) && !target.equals(link) && !target.equals(fifo), "written only at a fresh path: " + target);
        } else {
            assertEquals(2, run.status(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertTrue(java.util.Arrays.equals(dataBefore, Files.readAllBytes(DATA)), "the data file is unchanged");
        assertTrue(java.util.Arrays.equals(modelBefore, Files.readAllBytes(MODEL_RUN.resolve("model.safetensors"))), "the model is unchanged");
        assertTrue(Files.isSymbolicLink(link) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the link and the pipe are as they were");
    }

    @AfterContainer
    static void report() {
        System.out.printf("run-file fuzzing: %d manifests; %d encodings, %d parsed; %d output paths, %d written%n",
                manifests, encodings, encodingsParsed, outputs, outputsWritten);
    }
}
