package dante.core.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

/**
 * How a comparison is made (docs/ARCHITECTURE.md, "How a comparison is made"): every configuration of every method
 * runs under the same seeds; each method's configuration is chosen by its mean final score on
 * the validation split (accuracy, or loss for regression), never on the test set unless the
 * caller says so explicitly ({@link SelectOn#TEST}, which every report labels). Every run records
 * its test metrics at every evaluation, for every configuration tried (they are in each run's
 * history and in compare's comparison.csv); the choice reads the validation score alone, and
 * ProtocolTest scrambles the test values to show they change no choice. Methods are compared at equal weights updated
 * (the same fractions of the budget) and at equal wall time, as means ± sd over seeds with the
 * paired difference against a baseline, its 95 % t-interval and a plain verdict.
 * {@code compare}, {@code reproduce} and the docs scripts all go through here.
 */
public final class Protocol {
    private Protocol() {}

    /** Which data set chooses the configuration. */
    public enum SelectOn {
        /** A validation split held out of the training data chooses (the honest protocol). */
        VALIDATION,
        /** The test set chooses (only when there is no validation split; its numbers are optimistic). */
        TEST;
        /**
         * {@return how reports name this split (the test set's name warns that its numbers are optimistic)}
         */
        public String label() { return this == VALIDATION ? "validation split" : "TEST SET (no validation split: the test set chose the configuration, so its numbers are optimistic)"; }
    }

    /**
     * One configuration of one method. {@code label} names it in tables and directories, e.g. "lr 0.1, cosine".
     *
     * @param method the method's spec, e.g. "dante"
     * @param learningRate the base learning rate (admm's penalty β, as it has no rate; labelled "beta")
     * @param lrSchedule the learning-rate schedule's spec, e.g. "constant"
     * @param label how tables and reports name it
     */
    public record Config(String method, float learningRate, String lrSchedule, String label) {
        /**
         * A configuration labelled by its rate and, unless constant, its schedule.
         *
         * @param method the method's spec
         * @param learningRate the base learning rate (admm's β)
         * @param lrSchedule the learning-rate schedule's spec
         */
        public Config(String method, float learningRate, String lrSchedule) {
            this(method, learningRate, lrSchedule, rateLabel(method) + " " + learningRate + ("constant".equals(lrSchedule) ? "" : ", " + lrSchedule));
        }
    }

    /** The method's own name for its rate ({@link dante.core.train.Method#rateLabel}); "lr" for a name that is not a method. */
    static String rateLabel(String method) {
        try {
            return dante.core.train.Method.parse(method).rateLabel();
        } catch (IllegalArgumentException e) {
            return "lr";
        }
    }

    /**
     * One training run: its history, its planned budget of weights updated, or the error that ended it.
     *
     * @param config the configuration run
     * @param seed the seed of initialization and shuffling
     * @param history the evaluations recorded (possibly up to a divergence)
     * @param plannedWeights the budget of weights updated the run was planned for
     * @param error why the run ended early (null when it did not)
     */
    public record Run(Config config, long seed, TrainingHistory history, long plannedWeights, String error) {
        /** {@return whether the run has no usable result: it ended in an error or recorded nothing} */
        public boolean failed() { return error != null || history == null || history.isEmpty(); }
        /** {@return the last evaluation recorded, or null when there is none} */
        public HistoryRow last() { return history == null ? null : history.last(); }
    }

    /** Trains one configuration under one seed. */
    @FunctionalInterface
    public interface Runner {
        /**
         * Runs one configuration.
         *
         * @param config the configuration
         * @param seed the seed of initialization and shuffling
         * @return the run, with its error rather than an exception when it ended early
         */
        Run run(Config config, long seed);
    }

    /**
     * A configuration's mean final score over seeds (−∞ when any seed failed: a diverging configuration is never chosen).
     *
     * @param config the configuration
     * @param mean its mean final score (−∞ when a seed failed)
     * @param sd the standard deviation over seeds (NaN when a seed failed)
     * @param seeds the seeds it ran under
     * @param failed how many of them failed
     * @param runs its runs, one per seed (what a verdict about a configuration that was not chosen reads)
     */
    public record Tried(Config config, double mean, double sd, int seeds, int failed, List<Run> runs) {
        /** Copies the runs. */
        public Tried {
            runs = List.copyOf(runs);
        }
    }

    /**
     * A method's chosen configuration with its runs (one per seed) and everything that was tried.
     *
     * @param method the method's spec
     * @param chosen the configuration chosen
     * @param runs the chosen configuration's runs, one per seed
     * @param tried every configuration tried, with its score
     */
    public record Selection(String method, Config chosen, List<Run> runs, List<Tried> tried) {}

    /** A quantity read from a history row; higher or lower is better. */
    public enum Metric {
        /** Accuracy on the test set. */
        TEST_ACCURACY("test accuracy", true, HistoryRow::testAccuracy),
        /** Loss on the test set. */
        TEST_LOSS("test loss", false, HistoryRow::testLoss),
        /** Accuracy on the validation split. */
        VALIDATION_ACCURACY("validation accuracy", true, HistoryRow::validationAccuracy),
        /** Loss on the validation split. */
        VALIDATION_LOSS("validation loss", false, HistoryRow::validationLoss),
        /** Loss on the training set. */
        TRAIN_LOSS("training loss", false, HistoryRow::trainLoss),
        /** Training time in seconds (evaluations excluded). */
        SECONDS("seconds", false, HistoryRow::seconds);

        /** How tables and plots name the metric. */
        public final String label;
        /** Whether a larger value is better (accuracy) rather than a smaller one (loss, seconds). */
        public final boolean higherIsBetter;
        private final ToDoubleFunction<HistoryRow> read;

        Metric(String label, boolean higherIsBetter, ToDoubleFunction<HistoryRow> read) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
            this.read = read;
        }

        /**
         * Reads the metric from a row.
         *
         * @param r the row, or null
         * @return the value, NaN for a null row or a metric the run did not record
         */
        public double of(HistoryRow r) { return r == null ? Double.NaN : read.applyAsDouble(r); }
    }

    /**
     * Runs every configuration of every method under every seed and chooses each method's
     * configuration on {@code on}. {@code grids} maps a method to its configurations, in order.
     *
     * @param grids each method's configurations, in order
     * @param seeds the seeds every configuration runs under
     * @param on the split that chooses
     * @param runner trains one configuration under one seed
     * @return every method's selection
     */
    public static Outcome compare(Map<String, List<Config>> grids, List<Long> seeds, SelectOn on, Runner runner) {
        return compare(grids, seeds, on, runner, 0);
    }

    /**
     * As {@link #compare(Map, List, SelectOn, Runner)}, and when a method's chosen learning rate
     * sits on an edge of its grid, the grid grows past that edge by its own ratio there (0.1, 0.3
     * chosen at 0.3 tries 0.9, rounded to one significant digit), one rate at a time, at most
     * {@code extend} times; every schedule tried at the edge rate is tried at the new one. A
     * configuration that fails under any seed is never chosen, so divergence ends the growth.
     *
     * @param grids each method's configurations, in order
     * @param seeds the seeds every configuration runs under
     * @param on the split that chooses
     * @param runner trains one configuration under one seed
     * @param extend how many rates each grid may grow by (0: never)
     * @return every method's selection, the added rates among its tried configurations
     */
    public static Outcome compare(Map<String, List<Config>> grids, List<Long> seeds, SelectOn on, Runner runner, int extend) {
        if (seeds.isEmpty()) throw new IllegalArgumentException("a comparison needs at least one seed");
        if (extend < 0) throw new IllegalArgumentException("grid extensions must be ≥ 0, found " + extend);
        List<Selection> out = new ArrayList<>();
        for (Map.Entry<String, List<Config>> e : grids.entrySet()) {
            if (e.getValue().isEmpty()) throw new IllegalArgumentException(e.getKey() + ": no configuration to try");
            Map<Config, List<Run>> runs = new LinkedHashMap<>();
            for (Config c : e.getValue()) runs.put(c, runAll(runner, c, seeds));
            Selection sel = select(e.getKey(), runs, on);
            for (int i = 0; i < extend; i++) {
                List<Config> next = beyondEdge(sel, runs.keySet());
                if (next.isEmpty()) break;
                for (Config c : next) runs.put(c, runAll(runner, c, seeds));
                sel = select(e.getKey(), runs, on);
            }
            out.add(sel);
        }
        return new Outcome(out, on, List.copyOf(seeds));
    }

    private static List<Run> runAll(Runner runner, Config c, List<Long> seeds) {
        List<Run> rs = new ArrayList<>();
        for (long s : seeds) rs.add(runner.run(c, s));
        return rs;
    }

    /** The configurations one step past the edge the chosen rate sits on (none when it is inside the grid, or the grid has one rate). */
    static List<Config> beyondEdge(Selection sel, java.util.Collection<Config> tried) {
        String edge = edgeOfGrid(sel);
        if (edge == null) return List.of();
        java.util.TreeSet<Float> rates = new java.util.TreeSet<>();
        for (Config c : tried) rates.add(c.learningRate());
        float at = sel.chosen().learningRate();
        float neighbour = edge.equals("largest") ? rates.lower(at) : rates.higher(at);
        double next = at * ((double) at / neighbour);
        float rounded = (float) Double.parseDouble(String.format(Locale.ROOT, "%.1g", next));
        if (!(rounded > 0) || !Float.isFinite(rounded) || rates.contains(rounded)) return List.of();
        List<Config> out = new ArrayList<>();
        for (Config c : tried) {
            if (c.learningRate() == at) {
                Config n = new Config(c.method(), rounded, c.lrSchedule());
                if (!tried.contains(n) && !out.contains(n)) out.add(n);
            }
        }
        return out;
    }

    /**
     * Chooses the configuration with the best mean final score on {@code on}; the first wins ties.
     *
     * @param method the method's spec
     * @param runs each configuration's runs, one per seed
     * @param on the split that chooses
     * @return the chosen configuration with its runs and what was tried
     */
    public static Selection select(String method, Map<Config, List<Run>> runs, SelectOn on) {
        Map<Config, List<Score>> scores = new LinkedHashMap<>();
        for (Map.Entry<Config, List<Run>> e : runs.entrySet()) {
            List<Score> v = new ArrayList<>();
            for (Run r : e.getValue()) v.add(Score.of(r, on));
            scores.put(e.getKey(), v);
        }
        Config best = choose(scores);
        if (best == null) {
            throw new IllegalArgumentException(method + " failed (diverged or produced no score) in every configuration tried: "
                    + runs.keySet().stream().map(Config::label).toList());
        }
        List<Tried> tried = new ArrayList<>();
        for (Map.Entry<Config, List<Run>> e : runs.entrySet()) {
            double[] v = Score.values(scores.get(e.getKey()));
            int failed = Score.failed(v);
            tried.add(new Tried(e.getKey(), failed > 0 ? Double.NEGATIVE_INFINITY : Stats.mean(v), failed > 0 ? Double.NaN : Stats.sd(v), v.length, failed, e.getValue()));
        }
        return new Selection(method, best, List.copyOf(runs.get(best)), List.copyOf(tried));
    }

    /**
     * What a choice may read of one run: its final score on the split that chooses, and nothing
     * else. A run's test values cannot reach {@link #choose} through this type (ProtocolTest
     * checks the signature); only {@link SelectOn#TEST}, which every report labels, puts the test
     * score here.
     *
     * @param value the score, higher is better; NaN when the run failed or recorded none
     */
    public record Score(double value) {
        /**
         * The score {@code on} chooses by, read from the run's last row.
         *
         * @param r the run
         * @param on the split that chooses
         * @return its score (NaN for a failed run)
         */
        public static Score of(Run r, SelectOn on) {
            return new Score(r.failed() || r.last() == null ? Double.NaN : r.last().score(on == SelectOn.TEST));
        }

        static double[] values(List<Score> scores) {
            double[] v = new double[scores.size()];
            for (int i = 0; i < v.length; i++) v[i] = scores.get(i).value();
            return v;
        }

        static int failed(double[] v) {
            int n = 0;
            for (double x : v) if (Double.isNaN(x)) n++;
            return n;
        }
    }

    /**
     * The configuration with the best mean score over seeds; a configuration with a failed seed
     * is never chosen, the first wins ties. It sees only {@link Score}s: nothing that records a
     * run's test values is reachable from its arguments.
     *
     * @param scores each configuration's scores, one per seed, in the order tried
     * @return the chosen configuration, or null when every configuration failed
     */
    public static Config choose(Map<Config, List<Score>> scores) {
        Config best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Config, List<Score>> e : scores.entrySet()) {
            double[] v = Score.values(e.getValue());
            double mean = Score.failed(v) > 0 ? Double.NEGATIVE_INFINITY : Stats.mean(v);
            if (best == null || mean > bestMean) {
                best = e.getKey();
                bestMean = mean;
            }
        }
        return bestMean == Double.NEGATIVE_INFINITY ? null : best;
    }

    /**
     * The row a run had reached at {@code fraction} of its planned budget of weights updated (the last row if it stopped before).
     *
     * @param run the run
     * @param fraction of the planned budget, in [0, 1]
     * @return the row, or null when the run recorded none
     */
    public static HistoryRow atBudget(Run run, double fraction) {
        long target = (long) Math.ceil(run.plannedWeights() * fraction - 1e-9 * run.plannedWeights());
        for (HistoryRow r : run.history().rows()) if (r.weightsUpdated() >= target) return r;
        return run.last();
    }

    /**
     * The last row recorded within {@code seconds} of training time (the first row if none).
     *
     * @param run the run
     * @param seconds training seconds
     * @return the row, or null when the run recorded none
     */
    public static HistoryRow atSeconds(Run run, double seconds) {
        HistoryRow out = run.history().rows().get(0);
        for (HistoryRow r : run.history().rows()) if (r.seconds() <= seconds) out = r;
        return out;
    }

    /**
     * Training seconds at the first row whose validation score reaches {@code target} (NaN if never).
     *
     * @param run the run
     * @param target the score to reach
     * @param onTest whether to read the test score instead of the validation score
     * @return the training seconds, or NaN
     */
    public static double secondsToReach(Run run, double target, boolean onTest) {
        for (HistoryRow r : run.history().rows()) if (r.score(onTest) >= target) return r.seconds();
        return Double.NaN;
    }

    /**
     * Per-seed values of a metric at a fraction of the budget.
     *
     * @param s the selection
     * @param m the metric
     * @param fraction of the planned budget, in [0, 1]
     * @return one value per seed (NaN for a failed seed)
     */
    public static double[] values(Selection s, Metric m, double fraction) {
        double[] v = new double[s.runs().size()];
        for (int i = 0; i < v.length; i++) v[i] = s.runs().get(i).failed() ? Double.NaN : m.of(atBudget(s.runs().get(i), fraction));
        return v;
    }

    /**
     * Per-seed values of a metric at each run's last evaluation.
     *
     * @param runs the runs, one per seed (e.g. a {@link Tried} configuration's)
     * @param m the metric
     * @return one value per run (NaN for a failed run)
     */
    public static double[] finalValues(List<Run> runs, Metric m) {
        double[] v = new double[runs.size()];
        for (int i = 0; i < v.length; i++) v[i] = runs.get(i).failed() ? Double.NaN : m.of(runs.get(i).last());
        return v;
    }

    /**
     * The paired difference a − b over seeds (the same seed index pairs the same initialization and data order).
     *
     * @param mean the mean of a − b over the seeds where both ran
     * @param low the 95 % t-interval's lower end (NaN with one seed)
     * @param high its upper end
     * @param n the number of pairs
     * @param verdict "better", "worse", "not distinguishable" or "one seed"
     * @param p the two-sided p-value of the paired t-test (NaN with one seed; what a correction for multiple comparisons reads)
     */
    public record Difference(double mean, double low, double high, int n, String verdict, double p) {
        /**
         * Prints the difference with its interval and verdict, e.g. "+0.012 [+0.004, +0.020] better".
         *
         * @param digits decimals to print
         * @return the text
         */
        public String describe(int digits) {
            String f = "%+." + digits + "f";
            if (n < 2) return String.format(Locale.ROOT, f, mean) + " (one seed: no interval)";
            return String.format(Locale.ROOT, f + " [" + f + ", " + f + "] %s", mean, low, high, verdict);
        }
    }

    /**
     * Mean paired difference a − b with its 95 % t-interval; the verdict reads "better" when a is better for {@code m}.
     *
     * @param a one method's per-seed values
     * @param b the other's, paired by index
     * @param m the metric (for which direction is better)
     * @return the difference, over the pairs where neither is NaN
     */
    public static Difference paired(double[] a, double[] b, Metric m) {
        if (a.length != b.length) throw new IllegalArgumentException("paired difference needs as many values on each side, found " + a.length + " and " + b.length);
        double[] d = new double[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) d[n++] = a[i] - b[i];
        d = java.util.Arrays.copyOf(d, n);
        double mean = Stats.mean(d);
        if (n < 2) return new Difference(mean, Double.NaN, Double.NaN, n, "one seed", Double.NaN);
        double se = Stats.sd(d) / Math.sqrt(n), half = Stats.tQuantile975(n - 1) * se;
        double lo = mean - half, hi = mean + half;
        String verdict;
        if (lo > 0) verdict = m.higherIsBetter ? "better" : "worse";
        else if (hi < 0) verdict = m.higherIsBetter ? "worse" : "better";
        else verdict = "not distinguishable";
        double p = se > 0 ? Stats.tTwoSidedP(mean / se, n - 1) : mean == 0 ? 1 : 0;      // identical differences: certain, unless all zero
        return new Difference(mean, lo, hi, n, verdict, p);
    }

    /**
     * Mean, minimum and maximum over seeds at {@code points} evenly spaced fractions of the
     * budget (plus the start), against the mean weights updated there, or the mean training
     * seconds when {@code x} is {@link Metric#SECONDS}.
     *
     * @param x the mean weights updated (or seconds) at each point
     * @param mean the metric's mean over seeds there
     * @param min its minimum over seeds
     * @param max its maximum over seeds
     */
    public record Band(double[] x, double[] mean, double[] min, double[] max) {}

    /** What a band's x-axis reads from each run's rows. */
    public enum Axis {
        /** Weights updated: the paper's measure of work. */
        WEIGHTS_UPDATED,
        /** Training seconds. */
        SECONDS,
        /** Passes over the training set. */
        EPOCHS
    }

    /**
     * As {@link #band(Selection, Metric, Axis, int)}; {@code x} is {@link Metric#SECONDS} for training time, anything else for weights updated.
     *
     * @param s the selection
     * @param m the metric on the y-axis
     * @param x the metric that picks the x-axis
     * @param points the number of intervals
     * @return the band
     */
    public static Band band(Selection s, Metric m, Metric x, int points) {
        return band(s, m, x == Metric.SECONDS ? Axis.SECONDS : Axis.WEIGHTS_UPDATED, points);
    }

    /**
     * The metric's mean, min and max over seeds at {@code points} + 1 evenly spaced fractions
     * of each run's own budget, with the mean x (weights updated, seconds or epochs) there.
     *
     * @param s the selection
     * @param m the metric on the y-axis
     * @param x what the x-axis reads
     * @param points the number of intervals
     * @return the band, {@code points} + 1 values in each array
     */
    public static Band band(Selection s, Metric m, Axis x, int points) {
        double[] xs = new double[points + 1], mean = new double[points + 1], min = new double[points + 1], max = new double[points + 1];
        for (int j = 0; j <= points; j++) {
            double f = (double) j / points;
            double[] v = values(s, m, f);
            double[] w = new double[s.runs().size()];
            for (int i = 0; i < w.length; i++) {
                Run r = s.runs().get(i);
                HistoryRow at = r.failed() ? null : atBudget(r, f);
                w[i] = at == null ? Double.NaN : switch (x) {
                    case SECONDS -> at.seconds();
                    case EPOCHS -> at.epoch();
                    case WEIGHTS_UPDATED -> at.weightsUpdated();
                };
            }
            xs[j] = Stats.mean(w);
            mean[j] = Stats.mean(v);
            min[j] = Stats.min(v);
            max[j] = Stats.max(v);
        }
        return new Band(xs, mean, min, max);
    }

    /**
     * The comparison's result: one selection per method, in the order given.
     *
     * @param selections one per method, in the order of the grids
     * @param selectOn which split chose the configurations
     * @param seeds the seeds every configuration ran under
     */
    public record Outcome(List<Selection> selections, SelectOn selectOn, List<Long> seeds) {

        /**
         * Finds a method's selection.
         *
         * @param method the method's spec
         * @return its selection
         * @throws IllegalArgumentException when the comparison has no such method
         */
        public Selection of(String method) {
            for (Selection s : selections) if (s.method().equals(method)) return s;
            throw new IllegalArgumentException("no method " + method + " in this comparison");
        }

        /** {@return whether any run recorded a test accuracy (a classification task)} */
        public boolean classification() {
            for (Selection s : selections) for (Run r : s.runs()) if (!r.failed() && !Double.isNaN(r.last().testAccuracy())) return true;
            return false;
        }

        /**
         * The validation score every method reaches on average by its budget's end: the lowest of their mean final scores.
         *
         * @return the common target, on the validation score
         */
        public double commonTarget() {
            double t = Double.POSITIVE_INFINITY;
            for (Selection s : selections) {
                double[] v = new double[s.runs().size()];
                for (int i = 0; i < v.length; i++) v[i] = s.runs().get(i).failed() ? Double.NaN : s.runs().get(i).last().score(selectOn == SelectOn.TEST);
                t = Math.min(t, Stats.mean(v));
            }
            return t;
        }

        /**
         * The shortest of the methods' mean training times: the wall-time budget they all reach.
         *
         * @return the common wall-time budget, in seconds
         */
        public double commonSeconds() {
            double t = Double.POSITIVE_INFINITY;
            for (Selection s : selections) t = Math.min(t, Stats.mean(values(s, Metric.SECONDS, 1.0)));
            return t;
        }

        /**
         * Per-seed values of a metric at a wall-time budget.
         *
         * @param s the selection
         * @param m the metric
         * @param seconds the wall-time budget
         * @return one value per seed (NaN for a failed seed)
         */
        public static double[] valuesAtSeconds(Selection s, Metric m, double seconds) {
            double[] v = new double[s.runs().size()];
            for (int i = 0; i < v.length; i++) v[i] = s.runs().get(i).failed() ? Double.NaN : m.of(atSeconds(s.runs().get(i), seconds));
            return v;
        }

        /**
         * The mean planned budget (weights updated) of a selection's runs.
         *
         * @param s the selection
         * @return the budget, in weights updated
         */
        public static double budget(Selection s) {
            double sum = 0;
            for (Run r : s.runs()) sum += r.plannedWeights();
            return s.runs().isEmpty() ? Double.NaN : sum / s.runs().size();
        }

        /**
         * Whether two selections were planned for the same budget (to 1 %): only then is "at 25 % of the budget" the same point for both.
         *
         * @param a one selection
         * @param b the other
         * @return true when their budgets agree to 1 %
         */
        public static boolean sameBudget(Selection a, Selection b) {
            double x = budget(a), y = budget(b);
            return Math.abs(x - y) <= 0.01 * Math.max(x, y);
        }
    }

    /** Trains one configuration under one seed with a budget of weights updated of its own, its schedule planned to end there. */
    @FunctionalInterface
    public interface BudgetRunner {
        /**
         * Trains {@code config} under {@code seed} until {@code weights} weights have been updated.
         *
         * @param config the configuration
         * @param seed the seed
         * @param weights the budget in weights updated
         * @return the run
         */
        Run run(Config config, long seed, long weights);
    }

    /**
     * The comparison at equal wall time: every method's chosen configuration run under every
     * seed with a schedule planned to end at {@code seconds} (the fastest method's mean training
     * time); for the others, a budget of weights updated equal to their own measured speed ×
     * {@code seconds}.
     *
     * @param seconds the common training time
     * @param runs per method, its runs planned to end at that time, one per seed
     */
    public record EqualTime(double seconds, Map<String, List<Run>> runs) {
        /** Copies the map and its lists. */
        public EqualTime {
            Map<String, List<Run>> copy = new LinkedHashMap<>();
            for (Map.Entry<String, List<Run>> e : runs.entrySet()) copy.put(e.getKey(), List.copyOf(e.getValue()));
            runs = java.util.Collections.unmodifiableMap(copy);
        }

        /**
         * Per-seed values of a metric at the end of a method's equal-time runs.
         *
         * @param method the method
         * @param m the metric
         * @return one value per seed (NaN for a failed run)
         */
        public double[] values(String method, Metric m) { return finalValues(runs.get(method), m); }
    }

    /**
     * Runs the comparison at equal wall time so that no method is read part-way through a
     * schedule planned for a longer budget: the fastest method (lowest mean training seconds)
     * keeps its runs, which end at that time; every other method's chosen configuration runs
     * again under every seed with a budget of weights updated of (its mean weights per second
     * over its seeds) × that time, so a decaying rate reaches its end there.
     *
     * @param o the outcome
     * @param runner trains a configuration with a budget of its own
     * @return the runs at equal time
     */
    public static EqualTime equalTime(Outcome o, BudgetRunner runner) {
        double t = o.commonSeconds();
        Map<String, List<Run>> out = new LinkedHashMap<>();
        for (Selection s : o.selections()) {
            double[] secs = values(s, Metric.SECONDS, 1.0);
            if (Stats.mean(secs) <= t) {
                out.put(s.method(), s.runs());
                continue;
            }
            double[] speed = new double[s.runs().size()];
            for (int i = 0; i < speed.length; i++) {
                Run r = s.runs().get(i);
                speed[i] = r.failed() || !(r.last().seconds() > 0) ? Double.NaN : r.last().weightsUpdated() / r.last().seconds();
            }
            double mean = Stats.mean(speed);
            if (Double.isNaN(mean)) throw new IllegalArgumentException(s.method() + ": no run of its chosen configuration measured its speed, so equal wall time has no budget for it");
            long weights = Math.max(1, Math.round(mean * t));
            List<Run> runs = new ArrayList<>();
            for (long seed : o.seeds()) runs.add(runner.run(s.chosen(), seed, weights));
            out.put(s.method(), runs);
        }
        return new EqualTime(t, out);
    }

    /**
     * The Kaplan–Meier median of the seconds each run takes to reach {@code target} on the
     * choosing split, a run that never reaches it censored at its last evaluation rather than
     * dropped.
     *
     * @param runs the runs
     * @param target the score to reach
     * @param onTest whether to read the test score instead of the validation score
     * @return the median seconds; +∞ when fewer than half are known to have reached it
     */
    public static double medianSecondsToReach(List<Run> runs, double target, boolean onTest) {
        List<double[]> events = new ArrayList<>();        // {time, 1 reached / 0 censored}
        for (Run r : runs) {
            if (r.failed()) continue;
            double s = secondsToReach(r, target, onTest);
            events.add(Double.isNaN(s) ? new double[] {r.last().seconds(), 0} : new double[] {s, 1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));   // reached before censored at a tie
        double survive = 1;
        int atRisk = events.size();
        for (double[] e : events) {
            if (e[1] == 1) {
                survive *= 1 - 1.0 / atRisk;
                if (survive <= 0.5) return e[0];
            }
            atRisk--;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** How far above its start a classifier's accuracy must end for it to have trained. */
    public static final double TRAINED_GAIN = 0.02;

    /**
     * Whether a classifier trained at none of the configurations tried: every run that did not
     * fail ended with an accuracy on the choosing split (validation, or test when it chose)
     * less than {@value #TRAINED_GAIN} above its accuracy before the first step. A comparison
     * against such a method says nothing about the other one. Always false for regression.
     *
     * @param s the method's selection
     * @param on the split that chose
     * @return whether it did not train
     */
    public static boolean didNotTrain(Selection s, SelectOn on) {
        for (Tried t : s.tried()) {
            for (Run r : t.runs()) {
                if (r.failed()) continue;
                HistoryRow first = r.history().rows().get(0), last = r.last();
                double a0 = on == SelectOn.TEST ? first.testAccuracy() : first.validationAccuracy(), a1 = on == SelectOn.TEST ? last.testAccuracy() : last.validationAccuracy();
                if (Double.isNaN(a0) || Double.isNaN(a1) || a1 - a0 >= TRAINED_GAIN) return false;
            }
        }
        return true;
    }

    /**
     * "largest" or "smallest" when the chosen learning rate sits on the edge of a grid of several rates, else null.
     *
     * @param s the selection
     * @return "largest", "smallest" or null
     */
    public static String edgeOfGrid(Selection s) {
        java.util.TreeSet<Float> rates = new java.util.TreeSet<>();
        for (Tried t : s.tried()) rates.add(t.config().learningRate());
        if (rates.size() < 2) return null;
        float lr = s.chosen().learningRate();
        return lr == rates.last() ? "largest" : lr == rates.first() ? "smallest" : null;
    }
}
