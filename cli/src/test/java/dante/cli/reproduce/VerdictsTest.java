package dante.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import dante.cli.reproduce.Experiment.Done;
import dante.cli.reproduce.Experiment.Part;
import dante.cli.reproduce.Experiment.Row;
import dante.core.protocol.Protocol;
import dante.core.protocol.Protocol.Config;
import dante.core.protocol.Protocol.SelectOn;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;

/** Every verdict from an interval, judged where the claim is made; each case here got another verdict from the rules before issue 28. */
class VerdictsTest {
    private static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L);

    /**
     * A method's test accuracy as a function of the fraction of the budget, plus a per-seed deviation of mean zero over
     * the four seeds that grows with the fraction; its validation accuracy rises from 0.1 to {@code valEnd}.
     */
    private record Curve(DoubleUnaryOperator base, double noise, double valEnd) {
        private static final double[] DEVIATION = {1, -1, 0.5, -0.5};

        double test(double f, long seed) { return base.applyAsDouble(f) + noise * DEVIATION[(int) (seed - 1) % 4] * (1 + f); }
    }

    private static Protocol.Run run(Config c, long seed, Curve k) {
        TrainingHistory h = new TrainingHistory();
        for (int j = 0; j <= 10; j++) {
            double f = j / 10.0;
            h.add(new HistoryRow(j, j - 1, "all", 100L * j, 0.1, 1 - 0.5 * f, 1 - 0.5 * f, 0.1 + f * (k.valEnd - 0.1), 1 - 0.5 * f, k.test(f, seed), j * 0.5));
        }
        return new Protocol.Run(c, seed, h, 1000, null);
    }

    private static Protocol.Outcome outcome(Map<String, Curve> methods) {
        Map<String, List<Config>> grid = new LinkedHashMap<>();
        for (String m : methods.keySet()) grid.put(m, List.of(new Config(m, 0.1f, "constant")));
        return Protocol.compare(grid, SEEDS, SelectOn.VALIDATION, (c, seed) -> run(c, seed, methods.get(c.method())));
    }

    private static Done done(String name, Map<String, Curve> methods) {
        return new Done(new Part(name, name, "fashion-mnist (standing in for MNIST, absent here)", List.of()), outcome(methods), null);
    }

    private static Map<String, Curve> methods(Object... kv) {
        Map<String, Curve> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Curve) kv[i + 1]);
        return m;
    }

    @Test
    void aFasterClaimIsJudgedWhereItIsMadeEarlyInTheBudget() {
        // DANTE well ahead at 25 % and 50 %, tied at the end (differences of ±0.01 by seed): before, "not reproduced"
        Curve dante = new Curve(f -> 0.8, 0.01, 0.8), sgd = new Curve(f -> f < 0.75 ? 0.5 : 0.8, 0.0, 0.8);
        Row r = Verdicts.danteVsSgd(List.of(done("net", methods("dante", dante, "sgd", sgd)))).get(0);
        assertTrue(r.verdict().startsWith("reproduced: ahead at 25 % of the budget (faster)"), r.verdict());
        assertTrue(r.ours().contains("at 50 %"), r.ours());
    }

    @Test
    void aBaselineThatNeverTrainedMakesTheComparisonInconclusive() {
        // SGD's validation accuracy stays where it started (0.1) at every rate: before, DANTE was "reproduced" against it
        Curve dante = new Curve(f -> 0.8, 0.002, 0.8), stuck = new Curve(f -> 0.1, 0.0, 0.1);
        Row r = Verdicts.danteVsSgd(List.of(done("net", methods("dante", dante, "sgd", stuck)))).get(0);
        assertTrue(r.verdict().startsWith("inconclusive: sgd did not train"), r.verdict());
    }

    @Test
    void aFiguresRowsCarryAVerdictCorrectedForMultipleComparisons() {
        Curve sgd = new Curve(f -> 0.80, 0.0, 0.8);
        List<Row> rows = Verdicts.danteVsSgd(List.of(done("a", methods("dante", new Curve(f -> 0.85, 0.002, 0.85), "sgd", sgd)),
                done("b", methods("dante", new Curve(f -> 0.80 + 0.003, 0.004, 0.8), "sgd", sgd))));
        assertTrue(rows.get(0).verdict().contains("with Holm's correction over the 2 parts: holds"), rows.get(0).verdict());
        assertTrue(rows.get(1).verdict().contains("with Holm's correction over the 2 parts: not significant"), rows.get(1).verdict());
    }

    @Test
    void whereThePaperClaimsNothingThereIsNoVerdict() {
        Curve dante = new Curve(f -> 0.85, 0.002, 0.85), sgd = new Curve(f -> 0.80, 0.0, 0.8);
        List<Row> rows = new Fig6().judge(null, List.of(done("sigmoid-one-hidden-100", methods("dante", dante, "sgd", sgd))), null, new StringBuilder());
        assertTrue(rows.get(0).verdict().startsWith("—"), rows.get(0).verdict());
        assertTrue(rows.get(0).ours().contains("better"), "the comparison is still reported: " + rows.get(0).ours());
    }

    @Test
    void robustToTNeedsEquivalenceNotASmallSpreadOfMeans() {
        // means within 0.002 of each other, but seeds scatter by ±0.02: before, "reproduced (spread under one point)"
        Curve sgd = new Curve(f -> 0.7, 0.0, 0.7);
        List<Row> rows = new Fig7().judge(null, List.of(done("T1", methods("dante", new Curve(f -> 0.8, 0.0, 0.8), "sgd", sgd)),
                done("T2", methods("dante", new Curve(f -> 0.802, 0.02, 0.8)))), null, new StringBuilder());
        Row robust = rows.get(rows.size() - 1);
        assertTrue(robust.verdict().startsWith("inconclusive"), robust.verdict());
        rows = new Fig7().judge(null, List.of(done("T1", methods("dante", new Curve(f -> 0.8, 0.0, 0.8), "sgd", sgd)),
                done("T2", methods("dante", new Curve(f -> 0.801, 0.0005, 0.8)))), null, new StringBuilder());
        assertTrue(rows.get(rows.size() - 1).verdict().startsWith("reproduced (equivalent within"), rows.get(rows.size() - 1).verdict());
    }

    @Test
    void lowestOfAllIsShownAgainstEachOtherAfterHolm() {
        // DANTE+Momentum has the lowest mean loss but is within noise of Adam: before, "not reproduced: lowest mean, but …"
        Map<String, Curve> m = new LinkedHashMap<>();
        for (String x : List.of("dante", "sgd", "adagrad", "rmsprop", "momentum")) m.put(x, new Curve(f -> 0.5, 0.0, 0.8));
        m.put("adam", new Curve(f -> 0.3005, 0.01, 0.8));
        m.put("dante-momentum", new Curve(f -> 0.3, 0.0, 0.8));
        Done d = new Done(new Part("methods", "methods", "fashion-mnist", List.of()), lossOutcome(m), null);
        List<Row> rows = new Table1().judge(null, List.of(d), null, new StringBuilder());
        Row lowest = rows.get(rows.size() - 1);
        assertTrue(lowest.verdict().startsWith("inconclusive: not distinguishable from SGD+Adam"), lowest.verdict());
    }

    /** As {@link #outcome}, with the curve as a test loss (a regression-like outcome: no accuracy). */
    private static Protocol.Outcome lossOutcome(Map<String, Curve> methods) {
        Map<String, List<Config>> grid = new LinkedHashMap<>();
        for (String m : methods.keySet()) grid.put(m, List.of(new Config(m, 0.1f, "constant")));
        return Protocol.compare(grid, SEEDS, SelectOn.VALIDATION, (c, seed) -> {
            TrainingHistory h = new TrainingHistory();
            Curve k = methods.get(c.method());
            for (int j = 0; j <= 10; j++) {
                double f = j / 10.0;
                h.add(new HistoryRow(j, j - 1, "all", 100L * j, 0.1, 1 - 0.5 * f, k.test(f, seed), Double.NaN, k.test(f, seed), Double.NaN, j * 0.5));
            }
            return new Protocol.Run(c, seed, h, 1000, null);
        });
    }

    @Test
    void aPlateauIsShownByAnIntervalAndNamesItsOwnData() {
        Curve dante = new Curve(f -> 0.83, 0.001, 0.83), amAdam = new Curve(f -> 0.8, 0.0, 0.8);
        // ADMM gains 0.0093 on average over the second half, with seeds scattering by ±0.02: before, "reproduced" (0.0093 < 0.01)
        Curve admm = new Curve(f -> 0.8 + 0.0093 * Math.max(0, f - 0.5) / 0.5, 0.0, 0.8), admmLong = new Curve(f -> 0.8 + (f > 0.5 ? 0.0093 : 0), 0.02, 0.8);
        List<Row> rows = new Fig8().judge(null, List.of(done("one-hidden", methods("dante", dante, "am-adam", amAdam, "admm", admm)),
                done("one-hidden-admm-long", methods("admm", admmLong))), null, new StringBuilder());
        Row plateau = rows.stream().filter(r -> r.paper().startsWith("ADMM plateaus")).findFirst().orElseThrow();
        assertTrue(plateau.verdict().startsWith("inconclusive"), plateau.verdict());
        Curve flat = new Curve(f -> 0.8, 0.0005, 0.8);
        rows = new Fig8().judge(null, List.of(done("one-hidden", methods("dante", dante, "am-adam", amAdam, "admm", admm)),
                done("one-hidden-admm-long", methods("admm", flat))), null, new StringBuilder());
        plateau = rows.stream().filter(r -> r.paper().startsWith("ADMM plateaus")).findFirst().orElseThrow();
        assertEquals("reproduced (the level is the data's: fashion-mnist (standing in for MNIST, absent here))", plateau.verdict());
    }
}
