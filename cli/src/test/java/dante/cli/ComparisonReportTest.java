package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.protocol.Protocol;
import dante.core.protocol.Protocol.Config;
import dante.core.protocol.Protocol.Run;
import dante.core.protocol.Protocol.SelectOn;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;

/** comparison.md and the reading say what the outcome's numbers say, and label what the reader must know (a test-set choice, unequal budgets, a grid's edge). */
class ComparisonReportTest {

    /** A run whose history goes from the start to the end in {@code points} equal steps of weights updated. */
    static Run run(Config c, long seed, double valAcc, double testAcc, int points) {
        TrainingHistory h = new TrainingHistory();
        for (int j = 0; j <= points; j++) {
            double f = (double) j / points;
            h.add(new HistoryRow(j, j - 1, "all", 100L * j, 0.1, 1 - f, 1 - f, f * valAcc, 1 - f, f * testAcc, j * 0.5));
        }
        return new Run(c, seed, h, 100L * points, null);
    }

    /** Each configuration's method's grid, methods in order of first appearance. */
    static Map<String, List<Config>> grid(Config... cs) {
        Map<String, List<Config>> g = new LinkedHashMap<>();
        for (Config c : cs) g.computeIfAbsent(c.method(), m -> new java.util.ArrayList<>()).add(c);
        return g;
    }

    @Test
    void aTestSetChoiceIsLabelled() {
        Config a = new Config("sgd", 0.1f, "constant"), b = new Config("sgd", 0.5f, "constant");
        Protocol.Runner runner = (c, seed) -> c == a ? run(c, seed, 0.90, 0.80, 4) : run(c, seed, 0.85, 0.88, 4);
        Map<String, List<Config>> grid = Map.of("sgd", List.of(a, b));
        assertTrue(ComparisonReport.markdown(Protocol.compare(grid, List.of(1L, 2L), SelectOn.TEST, runner), "sgd").contains("TEST SET"));
        assertTrue(!ComparisonReport.markdown(Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, runner), "sgd").contains("TEST SET"));
    }

    @Test
    void unequalBudgetsAreNotCalledEqualWeightsUpdated() {
        Config a = new Config("sgd", 0.1f, "constant"), b = new Config("admm", 1f, "constant");
        Map<String, List<Config>> grid = grid(a, b);
        Protocol.Outcome same = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> run(c, seed, 0.8, 0.8, 4));
        String reading = ComparisonReport.reading(same, "sgd"), md = ComparisonReport.markdown(same, "sgd");
        assertTrue(reading.startsWith("At equal weights updated") && md.contains("### At equal weights updated"), reading);
        Protocol.Outcome differ = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> run(c, seed, 0.8, 0.8, c == a ? 4 : 2));
        reading = ComparisonReport.reading(differ, "sgd");
        md = ComparisonReport.markdown(differ, "sgd");
        assertTrue(reading.startsWith("At the end of each run (the budgets differ: 200 weights updated for admm, 400 for sgd)"), reading);
        assertTrue(md.contains("of each method's own budget") && !md.contains("### At equal weights updated"), md);
    }

    @Test
    void aChosenRateOnTheGridsEdgeIsFlagged() {
        Config lo = new Config("sgd", 0.01f, "constant"), mid = new Config("sgd", 0.1f, "constant"), hi = new Config("sgd", 1f, "constant");
        for (Config best : new Config[] {lo, mid, hi}) {
            Protocol.Runner runner = (c, seed) -> run(c, seed, c == best ? 0.9 : 0.5, 0.5, 2);
            String md = ComparisonReport.markdown(Protocol.compare(Map.of("sgd", List.of(lo, mid, hi)), List.of(1L), SelectOn.VALIDATION, runner), "sgd");
            assertEquals(best != mid, md.contains("of its grid; a wider grid may find a better one"), md);
        }
    }

    @Test
    void theReadingSaysWhoIsAheadFromTheNumbers() {
        Config d = new Config("dante", 0.1f, "constant"), g = new Config("sgd", 0.1f, "constant");
        Protocol.Runner runner = (c, seed) -> run(c, seed, 0.9, c == d ? 0.90 + seed * 0.001 : 0.80 + seed * 0.002, 4);
        Map<String, List<Config>> grid = grid(d, g);
        String r = ComparisonReport.reading(Protocol.compare(grid, List.of(1L, 2L, 3L), SelectOn.VALIDATION, runner), "sgd");
        assertTrue(r.contains("dante (lr 0.1) ends at test accuracy 0.9020 against 0.8040 for sgd"), r);
        assertTrue(r.contains("dante is ahead of sgd (difference +0.0980"), r);
    }

    @Test
    void equalWallTimeIsReadFromRunsPlannedToEndThere() {
        Config d = new Config("dante", 0.1f, "cosine"), g = new Config("sgd", 0.1f, "constant");
        Map<String, List<Config>> grid = grid(d, g);
        Protocol.Outcome o = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> run(c, seed, 0.9, c == d ? 0.9 : 0.8, c == d ? 8 : 4));
        Protocol.EqualTime eq = Protocol.equalTime(o, (c, seed, weights) -> run(c, seed, 0.9, 0.87, 4));
        String md = ComparisonReport.markdown(o, eq, "sgd"), reading = ComparisonReport.reading(o, eq, "sgd");
        assertTrue(md.contains("every method's schedule planned to end there") && md.contains("| dante | ") && md.contains("0.8700"), md);
        assertTrue(reading.contains("After 2.00 s of training each, dante has test accuracy 0.8700"), reading);
        assertTrue(md.contains("Kaplan–Meier"), md);
    }
}
