package dante.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dante.cli.Main;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

/** {@code dante train --engine spark}: the command a user runs, against the same command run locally. */
class SparkCommandTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @AfterAll
    static void stop() { SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; }); }

    @Test
    void trainOnSparkWritesWhatALocalRunWritesWithTheSameNumbers() throws Exception {
        List<String> common = List.of("train", "--data", "teacher", "--method", "dante", "--lr", "0.05", "--rounds", "2", "--threads", "1");
        Path local = dir.resolve("local"), remote = dir.resolve("spark");
        Run a = run(with(common, "--out", local.toString()));
        assertEquals(0, a.status(), a.err());
        Run b = run(with(common, "--engine", "spark", "--master", "local[2]", "--partitions", "3", "--out", remote.toString()));
        assertEquals(0, b.status(), b.err());
        assertTrue(b.out().contains("training rows on spark local[2], 3 partitions"), b.out());
        for (String f : List.of("history.csv", "model.safetensors", "summary.json", "plot.png")) assertTrue(Files.exists(remote.resolve(f)), f);
        assertTrue(Files.readString(remote.resolve("summary.json")).contains("\"engine\":\"spark local[2], 3 partitions, executors' kernels: panama"), Files.readString(remote.resolve("summary.json")));
        assertSameHistory(local, remote, "dante");
    }

    /** The two runs' histories: the same evaluations, weights updated equal, training and test losses to 1e-4 (relative above 1). */
    static void assertSameHistory(Path local, Path remote, String what) throws java.io.IOException {
        List<HistoryRow> x = TrainingHistory.read(local.resolve("history.csv")).rows(), y = TrainingHistory.read(remote.resolve("history.csv")).rows();
        assertEquals(x.size(), y.size(), what + ": evaluations");
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i).weightsUpdated(), y.get(i).weightsUpdated(), what + ": weights updated at evaluation " + i);
            assertEquals(x.get(i).trainLoss(), y.get(i).trainLoss(), 1e-4 * Math.max(1, x.get(i).trainLoss()), what + ": training loss at evaluation " + i);
            assertEquals(x.get(i).testLoss(), y.get(i).testLoss(), 1e-4 * Math.max(1, x.get(i).testLoss()), what + ": test loss at evaluation " + i);
        }
    }

    @Test
    void misuseIsOneLine() {
        Run aux = run("train", "--data", "teacher", "--method", "am-adam", "--engine", "spark", "--out", dir.resolve("a").toString());
        assertEquals(2, aux.status());
        assertTrue(aux.err().contains("am-adam runs locally only"), aux.err());
        Run local = run("train", "--data", "teacher", "--master", "local[2]", "--out", dir.resolve("b").toString());
        assertTrue(local.err().contains("--master: applies to --engine spark only"), local.err());
        Run master = run("train", "--data", "teacher", "--engine", "spark", "--master", "bogus", "--out", dir.resolve("d").toString());
        assertEquals(2, master.status());
        assertTrue(master.err().contains("--master: expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL, found 'bogus'"), master.err());
        assertEquals(1, master.err().strip().lines().count(), master.err());
        Run nope = run("train", "--data", "teacher", "--engine", "flink", "--out", dir.resolve("c").toString());
        assertTrue(nope.err().contains("--engine flink: not on the class path (engines here: local, spark)"), nope.err());
    }

    static String[] with(List<String> base, String... more) {
        String[] out = base.toArray(new String[base.size() + more.length]);
        System.arraycopy(more, 0, out, base.size(), more.length);
        return out;
    }
}
