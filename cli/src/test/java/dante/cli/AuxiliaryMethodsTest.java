package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dante.core.model.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** am-adam and admm are methods like the others: train writes the usual files, compare runs them beside dante and sgd, misuse gets one line. */
class AuxiliaryMethodsTest {
    @TempDir Path dir;

    @Test
    void trainWritesTheUsualFilesForBoth() throws Exception {
        for (String m : List.of("am-adam", "admm")) {
            Path out = dir.resolve(m);
            CommandsTest.Run r = CommandsTest.run("train", "--data", "ionosphere", "--method", m, "--epochs", "3", "--out", out.toString());
            assertEquals(0, r.status(), m + ": " + r.err());
            for (String f : List.of("history.csv", "model.safetensors", "summary.json", "plot.png")) assertTrue(Files.size(out.resolve(f)) > 0, m + ": " + f);
            Map<?, ?> s = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")), "summary");
            assertTrue(String.valueOf(s.get("step_rule")).startsWith(m + "("), s.toString());
            assertEquals(4, Files.readAllLines(out.resolve("history.csv")).size() - 1, m + ": a row before training and one per epoch");
            assertTrue(s.get("step_rule").toString().contains(m.equals("admm") ? "beta=" : "lr="), s.toString());
        }
    }

    @Test
    void theirModelsPredictLikeAnyOther() throws Exception {
        Path csv = Files.writeString(dir.resolve("xor.csv"), xorRows(200, 1));
        for (String m : List.of("am-adam", "admm")) {
            Path run = dir.resolve("p-" + m);
            CommandsTest.Run r = CommandsTest.run("train", "--data", "csv:" + csv, "--method", m, "--epochs", "2", "--out", run.toString());
            assertEquals(0, r.status(), m + ": " + r.err());
            Path out = run.resolve("p.csv");
            CommandsTest.Run p = CommandsTest.run("predict", "--model", run.toString(), "--data", "csv:" + csv, "--out", out.toString());
            assertEquals(0, p.status(), m + " predict: " + p.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals(201, lines.size(), m + ": a header and a row per input row");
            assertTrue(lines.get(0).startsWith("row,predicted,p_"), lines.get(0));
        }
    }

    /** Two features, a label that is their XOR: a small nonlinear classification file. */
    static String xorRows(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            sb.append(a).append(',').append(b).append(',').append(a * b > 0 ? "same" : "differ").append('\n');
        }
        return sb.toString();
    }

    @Test
    void compareRunsThemBesideDanteAndSgd() throws Exception {
        Path out = dir.resolve("cmp");
        CommandsTest.Run r = CommandsTest.run("compare", "--data", "ionosphere", "--methods", "dante,am-adam,admm,sgd", "--epochs", "2", "--rounds", "2",
                "--seeds", "2", "--lr-grid", "0.01,admm=0.5:1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String md = Files.readString(out.resolve("comparison.md"));
        for (String m : List.of("am-adam − sgd", "admm − sgd", "dante − sgd")) assertTrue(md.contains(m), m + " missing from\n" + md);
        assertTrue(Files.isDirectory(out.resolve("admm").resolve("lr-0.5")) && Files.isDirectory(out.resolve("admm").resolve("lr-1.0")), "admm's grid is its β grid");
        assertTrue(md.contains("the budgets differ"), "admm's full-batch budget is not called equal:\n" + md);
        assertTrue(Files.size(out.resolve("comparison-epochs.png")) > 0 && Files.size(out.resolve("comparison-epochs.svg")) > 0, "unequal budgets are drawn against epochs too");
    }

    @Test
    void misuseIsOneLine() {
        CommandsTest.Run r = CommandsTest.run("train", "--data", "ionosphere", "--method", "admm", "--lr", "0.1", "--out", dir.resolve("a").toString());
        assertEquals(2, r.status());
        assertEquals("dante: --lr: admm has no learning rate (its sub-problems are solved exactly); its penalty is --admm-beta", r.err().strip());
        r = CommandsTest.run("train", "--data", "ionosphere", "--method", "admm", "--activation", "sigmoid", "--out", dir.resolve("b").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().strip().startsWith("dante: admm: hidden layer 0 has activation sigmoid") && r.err().strip().lines().count() == 1, r.err());
        r = CommandsTest.run("train", "--data", "ionosphere", "--method", "admm", "--lr-schedule", "cosine", "--out", dir.resolve("c").toString());
        assertEquals(2, r.status());
        assertEquals("dante: --lr-schedule: admm has no learning rate (its penalty β is fixed), so only constant; found cosine:0", r.err().strip());
        Path d = dir.resolve("d");
        assertEquals(0, CommandsTest.run("train", "--data", "ionosphere", "--method", "admm", "--epochs", "1", "--out", d.toString()).status());
        r = CommandsTest.run("train", "--data", "ionosphere", "--method", "admm", "--epochs", "2", "--resume", "--out", d.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--resume: admm keeps no checkpoints"), r.err());
    }

    @Test
    void amAdamResumesToTheUninterruptedRunsModel() throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        List<String> common = List.of("train", "--data", "ionosphere", "--method", "am-adam", "--lr", "0.003", "--seed", "4");
        assertEquals(0, CommandsTest.run(concat(common, "--epochs", "4", "--out", whole.toString())).status());
        assertEquals(0, CommandsTest.run(concat(common, "--epochs", "2", "--out", parts.toString())).status());
        CommandsTest.Run r = CommandsTest.run(concat(common, "--epochs", "4", "--resume", "--out", parts.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals(-1, Files.mismatch(whole.resolve("model.safetensors"), parts.resolve("model.safetensors")), "the resumed model is the uninterrupted one");
        r = CommandsTest.run(concat(List.of("train", "--data", "ionosphere", "--method", "am-adam", "--lr", "0.01", "--seed", "4"), "--epochs", "5", "--resume", "--out", parts.toString()));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("learning_rate"), "a changed setting is refused, naming it: " + r.err());
    }

    static String[] concat(List<String> a, String... more) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
