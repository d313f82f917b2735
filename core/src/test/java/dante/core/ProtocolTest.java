package dante.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.protocol.Protocol;
import dante.core.protocol.Protocol.Config;
import dante.core.protocol.Protocol.Metric;
import dante.core.protocol.Protocol.Run;
import dante.core.protocol.Protocol.SelectOn;
import dante.core.protocol.Stats;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;

/** The protocol chooses on validation, never on test unless told, and states its intervals correctly. */
class ProtocolTest {

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
    void theValidationSplitChoosesEvenWhenTheTestSetDisagrees() {
        Config a = new Config("sgd", 0.1f, "constant"), b = new Config("sgd", 0.5f, "constant");
        // a is better on validation, b on test
        Protocol.Runner runner = (c, seed) -> c == a ? run(c, seed, 0.90, 0.80, 4) : run(c, seed, 0.85, 0.88, 4);
        Map<String, List<Config>> grid = grid(a, b);
        assertEquals(a, Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, runner).of("sgd").chosen());
        Protocol.Outcome onTest = Protocol.compare(grid, List.of(1L, 2L), SelectOn.TEST, runner);
        assertEquals(b, onTest.of("sgd").chosen());
        assertEquals(SelectOn.TEST, onTest.selectOn(), "the outcome says which split chose (compare labels it: ComparisonReportTest)");
    }

    /**
     * The code that chooses cannot reach a test value by type (issue 28): {@link Protocol#choose} is
     * the only place a configuration is picked, {@link Protocol#select} calls nothing else to pick,
     * and every type reachable from choose's arguments, through record components and type
     * arguments, is a JDK type, a {@code Config} (method, rate, schedule, label) or a {@code Score}
     * (one number). Give choose a Run, a HistoryRow or any record with a test field, and this fails.
     */
    @Test
    void theChoosingCodeCannotReachTestValuesByType() throws Exception {
        java.lang.reflect.Method choose = null;
        for (java.lang.reflect.Method m : Protocol.class.getDeclaredMethods()) {
            if (m.getName().equals("choose")) {
                assertTrue(choose == null, "one choose");
                choose = m;
            }
        }
        assertTrue(choose != null, "Protocol.choose exists");
        java.util.Set<java.lang.reflect.Type> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<java.lang.reflect.Type> todo = new java.util.ArrayDeque<>(List.of(choose.getGenericParameterTypes()));
        while (!todo.isEmpty()) {
            java.lang.reflect.Type t = todo.pop();
            if (!seen.add(t)) continue;
            if (t instanceof java.lang.reflect.ParameterizedType pt) {
                todo.add(pt.getRawType());
                todo.addAll(List.of(pt.getActualTypeArguments()));
                continue;
            }
            Class<?> c = (Class<?>) t;
            if (c.isPrimitive() || c.getName().startsWith("java.")) continue;
            assertTrue(c == Config.class || c == Protocol.Score.class, "choose can reach " + c.getName());
            for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
                assertTrue(!rc.getName().toLowerCase(java.util.Locale.ROOT).contains("test"), c.getSimpleName() + "." + rc.getName());
                todo.add(rc.getGenericType());
            }
        }
        assertEquals(java.util.Set.of("value"), java.util.Arrays.stream(Protocol.Score.class.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                .collect(java.util.stream.Collectors.toSet()), "a score is one number");
        // and select's choice is choose's: a grid whose test values say the opposite of its validation values
        Map<Config, List<Protocol.Score>> scores = new LinkedHashMap<>();
        scores.put(new Config("sgd", 0.1f, "constant"), List.of(new Protocol.Score(0.8), new Protocol.Score(0.82)));
        scores.put(new Config("sgd", 0.3f, "constant"), List.of(new Protocol.Score(0.9), new Protocol.Score(Double.NaN)));
        scores.put(new Config("sgd", 1f, "constant"), List.of(new Protocol.Score(0.85), new Protocol.Score(0.77)));
        assertEquals(new Config("sgd", 0.1f, "constant"), Protocol.choose(scores), "best mean; a failed seed is never chosen");
    }

    @Test
    void testValuesChangeNoChoice() {
        // the law behind "only validation values choose": scramble every test value, the choices stay
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            Map<String, List<Config>> grid = new LinkedHashMap<>();
            for (String m : List.of("dante", "sgd", "adam")) {
                List<Config> cs = new java.util.ArrayList<>();
                for (float lr : new float[] {0.01f, 0.03f, 0.1f, 0.3f}) cs.add(new Config(m, lr, "constant"));
                grid.put(m, cs);
            }
            long valSalt = r.nextLong(), testSalt = r.nextLong();
            List<Config> first = null;
            for (int scramble = 0; scramble < 2; scramble++) {
                long t = testSalt + scramble;          // validation values a function of (configuration, seed), test values scrambled
                Protocol.Runner runner = (c, seed) -> run(c, seed, new java.util.SplittableRandom(valSalt ^ c.hashCode() * 31L ^ seed).nextDouble(),
                        new java.util.SplittableRandom(t ^ c.hashCode() ^ seed).nextDouble(), 4);
                List<Config> chosen = Protocol.compare(grid, List.of(1L, 2L, 3L), SelectOn.VALIDATION, runner, 2).selections().stream()
                        .map(Protocol.Selection::chosen).toList();
                if (first == null) first = chosen;
                else assertEquals(first, chosen, "trial " + trial);
            }
        }
    }

    /** A run reaching accuracy {@code acc} linearly over {@code seconds}, {@code weights} weights updated, with 4 evaluations. */
    static Run timed(Config c, long seed, double acc, double seconds, long weights) {
        TrainingHistory h = new TrainingHistory();
        for (int j = 0; j <= 4; j++) {
            double f = j / 4.0;
            h.add(new HistoryRow(j, j - 1, "all", Math.round(weights * f), 0.1, 1 - f, 1 - f, f * acc, 1 - f, f * acc, f * seconds));
        }
        return new Run(c, seed, h, weights, null);
    }

    @Test
    void atEqualWallTimeTheSlowerMethodRunsAScheduleThatEndsThere() {
        // before: the slower method was read at its last evaluation before the faster one's time, part-way through its schedule
        Config fast = new Config("sgd", 0.1f, "constant"), slow = new Config("dante", 0.1f, "cosine");
        Map<String, List<Config>> grid = grid(fast, slow);
        Protocol.Outcome o = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> c == fast ? timed(c, seed, 0.8, 1.0, 1000) : timed(c, seed, 0.9, 2.0, 1000));
        List<Long> budgets = new java.util.ArrayList<>();
        Protocol.EqualTime eq = Protocol.equalTime(o, (c, seed, weights) -> {
            budgets.add(weights);
            return timed(c, seed, 0.85, 1.0, weights);      // a schedule planned for half the budget ends where it decays
        });
        assertEquals(1.0, eq.seconds(), 1e-12);
        assertEquals(List.of(500L, 500L), budgets, "dante's speed (500 weights/s) × sgd's 1.0 s, once per seed");
        assertEquals(0.85, Stats.mean(eq.values("dante", Metric.TEST_ACCURACY)), 1e-12);
        assertEquals(0.45, Stats.mean(Protocol.Outcome.valuesAtSeconds(o.of("dante"), Metric.TEST_ACCURACY, 1.0)), 1e-12, "the old reading, mid-schedule");
        assertEquals(o.of("sgd").runs(), eq.runs().get("sgd"), "the fastest keeps its own runs");
    }

    @Test
    void secondsToATargetCensorSeedsThatNeverReachIt() {
        Config c = new Config("sgd", 0.1f, "constant");
        // validation accuracy ×f: seeds reach 0.6 at 0.75 of 1 s, 0.75 of 2 s, and one never (it ends at 0.5, after 1.5 s)
        List<Run> runs = List.of(timed(c, 1, 0.8, 1.0, 100), timed(c, 2, 0.5, 1.5, 100), timed(c, 3, 0.8, 2.0, 100));
        // Kaplan–Meier: 0.75 s reached (S = 2/3), then 1.5 s reached (S = 1/3) and 1.5 s censored: the median is 1.5 s, where dropping
        // the seed that never reached it gave a mean of 1.125 s over the two that did
        assertEquals(1.5, Protocol.medianSecondsToReach(runs, 0.6, false), 1e-12);
        List<Run> mostNever = List.of(timed(c, 1, 0.8, 1.0, 100), timed(c, 2, 0.5, 1.5, 100), timed(c, 3, 0.5, 2.0, 100));
        assertEquals(Double.POSITIVE_INFINITY, Protocol.medianSecondsToReach(mostNever, 0.6, false), "one of three reaches it: the median is not known");
    }

    @Test
    void budgetsAreCompared() {
        Config a = new Config("sgd", 0.1f, "constant"), b = new Config("admm", 1f, "constant");
        Map<String, List<Config>> grid = grid(a, b);
        Protocol.Outcome same = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> run(c, seed, 0.8, 0.8, 4));
        assertTrue(Protocol.Outcome.sameBudget(same.of("sgd"), same.of("admm")));
        Protocol.Outcome differ = Protocol.compare(grid, List.of(1L, 2L), SelectOn.VALIDATION, (c, seed) -> run(c, seed, 0.8, 0.8, c == a ? 4 : 2));
        assertTrue(!Protocol.Outcome.sameBudget(differ.of("sgd"), differ.of("admm")));
        assertEquals(200, Protocol.Outcome.budget(differ.of("admm")));
        assertEquals("beta 1.0", b.label(), "admm has no learning rate: its grid is β's");
    }

    @Test
    void aConfigurationThatFailedUnderAnySeedIsNeverChosen() {
        Config a = new Config("dante", 1f, "constant"), b = new Config("dante", 0.1f, "constant");
        Protocol.Runner runner = (c, seed) -> c == a && seed == 2 ? new Run(c, seed, run(c, seed, 0, 0, 1).history(), 100, "diverged")
                : run(c, seed, c == a ? 0.99 : 0.5, 0.5, 2);
        Map<String, List<Config>> grid = Map.of("dante", List.of(a, b));
        Protocol.Selection s = Protocol.compare(grid, List.of(1L, 2L, 3L), SelectOn.VALIDATION, runner).of("dante");
        assertEquals(b, s.chosen());
        assertEquals(1, s.tried().get(0).failed());
        Protocol.Runner allFail = (c, seed) -> new Run(c, seed, null, 0, "diverged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.compare(grid, List.of(1L), SelectOn.VALIDATION, allFail));
        assertTrue(e.getMessage().contains("failed (diverged or produced no score) in every configuration"), e.getMessage());
    }

    @Test
    void pairedDifferencesHaveTheTIntervalWorkedOutByHand() {
        // differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653 → half-width 4.302653/√3 = 2.484138
        Protocol.Difference d = Protocol.paired(new double[] {2, 4, 6}, new double[] {1, 2, 3}, Metric.TEST_ACCURACY);
        assertEquals(2, d.mean(), 1e-12);
        assertEquals(2 - 2.484138, d.low(), 1e-6);
        assertEquals(2 + 2.484138, d.high(), 1e-6);
        assertEquals("not distinguishable", d.verdict());
        assertEquals("better", Protocol.paired(new double[] {.910, .911, .912}, new double[] {.90, .90, .90}, Metric.TEST_ACCURACY).verdict());
        assertEquals("worse", Protocol.paired(new double[] {.910, .911, .912}, new double[] {.90, .90, .90}, Metric.TEST_LOSS).verdict(), "a higher loss is worse");
        assertEquals("one seed", Protocol.paired(new double[] {1}, new double[] {0}, Metric.TEST_ACCURACY).verdict());
        assertEquals(12.706205, Stats.tQuantile975(1), 1e-6);
        assertEquals(2.042272, Stats.tQuantile975(30), 1e-6);
        assertEquals(1.983972, Stats.tQuantile975(100), 2e-5);
        assertEquals(1.962339, Stats.tQuantile975(1000), 1e-5);
        assertEquals(Math.sqrt(2.5), Stats.sd(new double[] {1, 2, 3, 4, 5}), 1e-12);
        assertTrue(Double.isNaN(Stats.sd(new double[] {1, Double.NaN})), "one value has no spread");
        assertEquals(0.0742, d.p(), 1e-4, "t = 2 / (1/√3) = 3.46 on 2 df");
    }

    @Test
    void pValuesMatchTheTableAndAgreeWithTheIntervals() {
        // two-sided p at the 97.5 % quantile is 0.05, for every df the table holds and past it
        for (int df : new int[] {1, 2, 5, 10, 30, 100, 1000}) assertEquals(0.05, Stats.tTwoSidedP(Stats.tQuantile975(df), df), df <= 30 ? 1e-6 : 2e-4, "df " + df);
        assertEquals(0.101939, Stats.tTwoSidedP(2.0, 5), 1e-6);      // R: 2 * pt(-2, 5)
        assertEquals(1 - 2 * Math.sqrt(3) / Math.sqrt(14), Stats.tTwoSidedP(2 * Math.sqrt(3), 2), 1e-12);      // closed form for 2 df: 1 − t/√(t² + 2)
        assertEquals(1.0, Stats.tTwoSidedP(0, 7), 1e-12);
        assertEquals(0.0, Stats.tTwoSidedP(Double.POSITIVE_INFINITY, 3));
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            int n = 2 + r.nextInt(8);
            double[] a = new double[n], b = new double[n];
            for (int i = 0; i < n; i++) { a[i] = r.nextDouble(); b[i] = r.nextDouble() + 0.3 * r.nextDouble(); }
            Protocol.Difference d = Protocol.paired(a, b, Metric.TEST_ACCURACY);
            assertEquals(!d.verdict().equals("not distinguishable"), d.p() < 0.05, "interval " + d.describe(4) + " against p " + d.p());
        }
    }

    @Test
    void holmRejectsStepDownAndStopsAtTheFirstFailure() {
        // sorted 0.01 ≤ 0.05/3 rejected; 0.03 > 0.05/2 stops: 0.04 is not rejected though below 0.05
        assertEquals(List.of(true, false, false), toList(Stats.holm(new double[] {0.01, 0.04, 0.03}, 0.05)));
        assertEquals(List.of(true, true, true), toList(Stats.holm(new double[] {0.01, 0.04, 0.02}, 0.05)));
        assertEquals(List.of(false, true), toList(Stats.holm(new double[] {Double.NaN, 0.001}, 0.05)), "a NaN is never rejected but counts in the family");
        assertEquals(List.of(false, false), toList(Stats.holm(new double[] {Double.NaN, 0.03}, 0.05)));
    }

    private static List<Boolean> toList(boolean[] b) {
        List<Boolean> l = new java.util.ArrayList<>();
        for (boolean x : b) l.add(x);
        return l;
    }

    @Test
    void budgetFractionsReadTheRowAtThatFractionNotTheFirstPastIt() {
        Run r = run(new Config("sgd", 0.1f, "constant"), 1, 1, 1, 20);     // rows every 5 % of 2000 weights
        assertEquals(500, Protocol.atBudget(r, 0.25).weightsUpdated());
        assertEquals(1000, Protocol.atBudget(r, 0.5).weightsUpdated());
        assertEquals(2000, Protocol.atBudget(r, 1.0).weightsUpdated());
        assertEquals(0, Protocol.atBudget(r, 0).weightsUpdated());
        assertEquals(2.0, Protocol.atSeconds(r, 2.2).seconds());
        assertEquals(2.5, Protocol.secondsToReach(r, 0.24, false));
    }

    @Test
    void aChosenRateOnTheGridsEdgeIsFlagged() {
        Config lo = new Config("sgd", 0.01f, "constant"), mid = new Config("sgd", 0.1f, "constant"), hi = new Config("sgd", 1f, "constant");
        for (Config best : new Config[] {lo, mid, hi}) {
            Protocol.Runner runner = (c, seed) -> run(c, seed, c == best ? 0.9 : 0.5, 0.5, 2);
            Protocol.Outcome o = Protocol.compare(Map.of("sgd", List.of(lo, mid, hi)), List.of(1L), SelectOn.VALIDATION, runner);
            String expected = best == lo ? "smallest" : best == hi ? "largest" : null;
            assertEquals(expected, Protocol.edgeOfGrid(o.of("sgd")));
        }
    }

    @Test
    void aGridGrowsPastTheEdgeItsChoiceSitsOnUntilTheChoiceIsInside() {
        Config lo = new Config("sgd", 0.01f, "constant"), mid = new Config("sgd", 0.03f, "constant"), hi = new Config("sgd", 0.1f, "constant");
        // validation accuracy peaks at lr 0.9: the grid grows by its ratio at the edge, to one digit (0.3, 0.9, 3), and stops when 0.9 is inside
        Protocol.Runner runner = (c, seed) -> run(c, seed, 0.9 - Math.abs(Math.log(c.learningRate() / 0.9)) / 10, 0.5, 2);
        Protocol.Selection s = Protocol.compare(Map.of("sgd", List.of(lo, mid, hi)), List.of(1L, 2L), SelectOn.VALIDATION, runner, 5).of("sgd");
        assertEquals(0.9f, s.chosen().learningRate());
        assertEquals(List.of(0.01f, 0.03f, 0.1f, 0.3f, 0.9f, 3f), s.tried().stream().map(t -> t.config().learningRate()).toList());
        assertEquals(null, Protocol.edgeOfGrid(s));
        // at most `extend` steps; and downwards too
        Protocol.Runner low = (c, seed) -> run(c, seed, 1 - c.learningRate(), 0.5, 2);
        s = Protocol.compare(Map.of("sgd", List.of(lo, mid, hi)), List.of(1L), SelectOn.VALIDATION, low, 2).of("sgd");
        assertEquals(List.of(0.01f, 0.03f, 0.1f, 0.003f, 0.0009f), s.tried().stream().map(t -> t.config().learningRate()).toList());
        assertEquals("smallest", Protocol.edgeOfGrid(s), "two steps were not enough: still flagged");
        // a rate that diverges is never chosen, so the growth stops there
        Protocol.Runner diverges = (c, seed) -> c.learningRate() > 0.2f ? new Run(c, seed, null, 100, "diverged") : run(c, seed, c.learningRate(), 0.5, 2);
        s = Protocol.compare(Map.of("sgd", List.of(lo, mid, hi)), List.of(1L), SelectOn.VALIDATION, diverges, 5).of("sgd");
        assertEquals(0.1f, s.chosen().learningRate());
        assertEquals(4, s.tried().size(), "0.3 diverged, 0.1 is now inside the tried rates");
    }
}
