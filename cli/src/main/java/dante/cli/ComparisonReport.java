package dante.cli;

import static dante.core.protocol.Protocol.TRAINED_GAIN;
import static dante.core.protocol.Protocol.didNotTrain;
import static dante.core.protocol.Protocol.edgeOfGrid;
import static dante.core.protocol.Protocol.paired;
import static dante.core.protocol.Protocol.medianSecondsToReach;
import static dante.core.protocol.Protocol.secondsToReach;
import static dante.core.protocol.Protocol.values;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import dante.core.protocol.Protocol.Difference;
import dante.core.protocol.Protocol.EqualTime;
import dante.core.protocol.Protocol.Metric;
import dante.core.protocol.Protocol.Outcome;
import dante.core.protocol.Protocol.Run;
import dante.core.protocol.Protocol.SelectOn;
import dante.core.protocol.Protocol.Selection;
import dante.core.protocol.Protocol.Tried;
import dante.core.protocol.Stats;
import dante.core.train.Method;

/**
 * A comparison in words and tables: the reading (who is ahead, at equal weights updated and at
 * equal wall time, how sure) and comparison.md's report. The numbers come from the protocol's
 * {@link Outcome}; this class only renders them, beside compare's JSON and CSV of the same runs.
 */
final class ComparisonReport {
    private ComparisonReport() {}

    /**
     * A short reading of the result in plain words, computed from the runs: for each method
     * against {@code baseline}, who is ahead at the full budget of weights updated and at
     * equal wall time, by how much, and how sure (the paired interval's verdict).
     *
     * @param o the outcome
     * @param baseline the method the others are compared with
     * @return the reading, a few sentences
     */
    static String reading(Outcome o, String baseline) { return reading(o, null, baseline); }

    /**
     * As {@link #reading(Outcome, String)}, reading equal wall time from {@code eq} (each method's runs
     * planned to end at the common time) when given, else from each run's last evaluation before it.
     *
     * @param o the outcome
     * @param eq the runs at equal wall time, or null
     * @param baseline the method the others are compared with
     * @return the reading, a few sentences
     */
    static String reading(Outcome o, EqualTime eq, String baseline) {
        if (o.selections().size() < 2 || o.selections().stream().noneMatch(s -> s.method().equals(baseline))) return "";
        boolean cls = o.classification();
        Metric test = cls ? Metric.TEST_ACCURACY : Metric.TEST_LOSS;
        int digits = cls ? 4 : 5;
        Selection b = o.of(baseline);
        double secs = eq != null ? eq.seconds() : o.commonSeconds();
        StringBuilder sb = new StringBuilder();
        for (Selection s : o.selections()) {
            if (s == b) continue;
            String untrained = didNotTrain(b, o.selectOn()) ? baseline : didNotTrain(s, o.selectOn()) ? s.method() : null;
            double[] a = values(s, test, 1.0), c = values(b, test, 1.0);
            Difference d = paired(a, c, test);
            String when = Outcome.sameBudget(s, b) ? "At equal weights updated (the whole budget)"
                    : String.format(Locale.ROOT, "At the end of each run (the budgets differ: %,.0f weights updated for %s, %,.0f for %s)",
                            Outcome.budget(s), s.method(), Outcome.budget(b), baseline);
            sb.append(String.format(Locale.ROOT, "%s, %s (%s) ends at %s %s against %s for %s (%s): %s%s. ", when,
                    s.method(), s.chosen().label(), test.label, fmt(Stats.mean(a), digits), fmt(Stats.mean(c), digits), baseline, b.chosen().label(),
                    untrained != null ? inconclusive(untrained) : phrase(d, s.method(), baseline), d.n() < 2 ? " (one seed, so no interval)" : String.format(Locale.ROOT, " (difference %s, 95 %% interval [%s, %s] over %d seeds)",
                            signed(d.mean(), digits), signed(d.low(), digits), signed(d.high(), digits), d.n())));
            double[] at = eq != null ? eq.values(s.method(), test) : Outcome.valuesAtSeconds(s, test, secs),
                    bt = eq != null ? eq.values(baseline, test) : Outcome.valuesAtSeconds(b, test, secs);
            Difference dt = paired(at, bt, test);
            sb.append(String.format(Locale.ROOT, "After %.2f s of training each, %s has %s %s against %s: %s. ", secs, s.method(), test.label,
                    fmt(Stats.mean(at), digits), fmt(Stats.mean(bt), digits), untrained != null ? inconclusive(untrained) : phrase(dt, s.method(), baseline)));
        }
        if (o.selectOn() == SelectOn.TEST) sb.append("Caution: the test set chose the configurations, so these numbers are optimistic. ");
        return sb.toString().trim();
    }


    /**
     * The report: how the configuration was chosen, every configuration tried, the chosen
     * ones at 25 %, 50 % and 100 % of the budget (mean ± sd), paired differences against
     * {@code baseline}, and the equal-wall-time comparison.
     *
     * @param o the outcome
     * @param baseline the method the others are compared with
     * @return the report, as Markdown
     */
    static String markdown(Outcome o, String baseline) { return markdown(o, null, baseline); }

    /**
     * As {@link #markdown(Outcome, String)}, with the equal-wall-time section read from {@code eq} when given.
     *
     * @param o the outcome
     * @param eq the runs at equal wall time, or null
     * @param baseline the method the others are compared with
     * @return the report, as Markdown
     */
    static String markdown(Outcome o, EqualTime eq, String baseline) {
        boolean cls = o.classification();
        Metric test = cls ? Metric.TEST_ACCURACY : Metric.TEST_LOSS;
        int digits = cls ? 4 : 5;
        StringBuilder sb = new StringBuilder();
        sb.append("Chosen on: ").append(o.selectOn().label()).append("; ").append(o.seeds().size()).append(" seed(s) ").append(o.seeds())
                .append("; score = mean final ").append(o.selectOn() == SelectOn.TEST ? "test" : "validation").append(cls ? " accuracy" : " loss").append(".\n\n");
        sb.append("### Configurations tried\n\n| method | configuration | mean ").append(o.selectOn() == SelectOn.TEST ? "test" : "validation")
                .append(cls ? " accuracy" : " loss").append(" ± sd | seeds | failed | chosen |\n|---|---|---|---|---|---|\n");
        for (Selection s : o.selections()) {
            for (Tried t : s.tried()) {
                String score = t.failed() > 0 ? "—" : pm(cls ? t.mean() : -t.mean(), t.sd(), digits);
                sb.append("| ").append(s.method()).append(" | ").append(t.config().label()).append(" | ").append(score).append(" | ")
                        .append(t.seeds()).append(" | ").append(t.failed()).append(" | ").append(t.config().equals(s.chosen()) ? "✔" : "").append(" |\n");
            }
        }
        for (Selection s : o.selections()) {
            if (didNotTrain(s, o.selectOn())) {
                sb.append("\n⚠ ").append(s.method()).append(" did not train at any configuration tried (its accuracy ended less than ").append(TRAINED_GAIN)
                        .append(" above its start): a comparison with it is inconclusive; a wider grid or a longer budget may train it.\n");
            }
            String edge = edgeOfGrid(s);
            if (edge != null) sb.append("\n⚠ ").append(s.method()).append(": the chosen learning rate ").append(s.chosen().learningRate())
                    .append(" is the ").append(edge).append(" of its grid; a wider grid may find a better one.\n");
        }
        boolean equal = o.selections().stream().allMatch(x -> Outcome.sameBudget(x, o.selections().get(0)));
        sb.append(equal ? "\n### At equal weights updated (chosen configurations; mean ± sd over seeds)\n\n"
                : "\n### At 25 %, 50 % and 100 % of each method's own budget (the budgets differ: see weights updated; chosen configurations, mean ± sd over seeds)\n\n")
                .append("| method | configuration | weights updated | ")
                .append(test.label).append(" at 25 % / 50 % / 100 % | training loss at 100 % | validation ").append(cls ? "accuracy" : "loss")
                .append(" at 100 % | seconds at 100 % |\n|---|---|---|---|---|---|---|\n");
        Metric val = cls ? Metric.VALIDATION_ACCURACY : Metric.VALIDATION_LOSS;
        for (Selection s : o.selections()) {
            double[] w = new double[s.runs().size()];
            for (int i = 0; i < w.length; i++) w[i] = s.runs().get(i).failed() ? Double.NaN : s.runs().get(i).last().weightsUpdated();
            sb.append("| ").append(s.method()).append(" | ").append(s.chosen().label()).append(" | ").append(String.format(Locale.ROOT, "%,.0f", Stats.mean(w)))
                    .append(" | ").append(pm(values(s, test, 0.25), digits)).append(" / ").append(pm(values(s, test, 0.5), digits)).append(" / ")
                    .append(pm(values(s, test, 1.0), digits)).append(" | ").append(pm(values(s, Metric.TRAIN_LOSS, 1.0), 5))
                    .append(" | ").append(pm(values(s, val, 1.0), digits)).append(" | ").append(pm(values(s, Metric.SECONDS, 1.0), 2)).append(" |\n");
        }
        boolean hasBaseline = o.selections().stream().anyMatch(s -> s.method().equals(baseline));
        if (hasBaseline && o.selections().size() > 1) {
            Selection b = o.of(baseline);
            sb.append("\n### Against ").append(baseline).append(" (paired by seed; mean difference, 95 % t-interval, verdict for the first method)\n\n")
                    .append("| method | ").append(test.label).append(" at 25 % | at 50 % | at 100 % | training loss at 100 % |\n|---|---|---|---|---|\n");
            for (Selection s : o.selections()) {
                if (s == b) continue;
                sb.append("| ").append(s.method()).append(" − ").append(baseline);
                for (double f : new double[] {0.25, 0.5, 1.0}) sb.append(" | ").append(paired(values(s, test, f), values(b, test, f), test).describe(digits));
                sb.append(" | ").append(paired(values(s, Metric.TRAIN_LOSS, 1.0), values(b, Metric.TRAIN_LOSS, 1.0), Metric.TRAIN_LOSS).describe(5)).append(" |\n");
            }
        }
        double target = o.commonTarget(), secs = eq != null ? eq.seconds() : o.commonSeconds();
        boolean onTest = o.selectOn() == SelectOn.TEST;
        sb.append("\n### At equal wall time\n\n")
                .append(String.format(Locale.ROOT, "Time to reach %s %s %.4f (the lowest of the methods' mean final values): the median over seeds (Kaplan–Meier: "
                                + "a seed that never reaches it counts as still short of it at its run's end, not dropped). Then %s after %.2f s of training "
                                + "(the shortest method's mean total), training time only (evaluations excluded)%s.%n%n",
                        onTest ? "test" : "validation", cls ? "accuracy" : "loss", cls ? target : -target, test.label, secs,
                        eq != null ? ": every method's schedule planned to end there (the faster method as it ran; each other method run again for a budget "
                                + "of weights updated of its own measured speed × that time, so a decaying rate reaches its end)"
                                : ", each method read at its last evaluation before it"))
                .append("| method | median seconds to reach it | seeds that reached it | ").append(eq != null ? "weights updated in that time | " : "").append(test.label).append(" at ")
                .append(String.format(Locale.ROOT, "%.2f s", secs)).append(hasBaseline ? " | against " + baseline : "").append(" |\n|---|---|---|---|")
                .append(eq != null ? "---|" : "").append(hasBaseline ? "---|" : "").append("\n");
        for (Selection s : o.selections()) {
            int reached = 0, ran = 0;
            for (Run r : s.runs()) {
                if (r.failed()) continue;
                ran++;
                if (!Double.isNaN(secondsToReach(r, target, onTest))) reached++;
            }
            double median = medianSecondsToReach(s.runs(), target, onTest);
            double[] at = eq != null ? eq.values(s.method(), test) : Outcome.valuesAtSeconds(s, test, secs);
            sb.append("| ").append(s.method()).append(" | ").append(reached == 0 ? "—" : Double.isInfinite(median) ? "not reached by half" : String.format(Locale.ROOT, "%.2f", median))
                    .append(" | ").append(reached).append("/").append(ran).append(" | ");
            if (eq != null) {
                double[] w = new double[eq.runs().get(s.method()).size()];
                for (int i = 0; i < w.length; i++) {
                    Run r = eq.runs().get(s.method()).get(i);
                    w[i] = r.failed() ? Double.NaN : r.last().weightsUpdated();
                }
                sb.append(String.format(Locale.ROOT, "%,.0f", Stats.mean(w))).append(" | ");
            }
            sb.append(pm(at, digits));
            if (hasBaseline) {
                double[] bt = eq != null ? eq.values(baseline, test) : Outcome.valuesAtSeconds(o.of(baseline), test, secs);
                sb.append(" | ").append(s.method().equals(baseline) ? "—" : paired(at, bt, test).describe(digits));
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    /**
     * A difference asked for besides each method against the baseline: {@code a} − {@code b}.
     *
     * @param name how the report labels it
     * @param a the first method
     * @param b the second
     */
    record Contrast(String name, String a, String b) {
        /** Parses {@code [NAME=]A:B}; the methods must be among {@code methods}. */
        static Contrast parse(String spec, Collection<String> methods) {
            int eq = spec.lastIndexOf('=');
            String name = eq < 0 ? null : spec.substring(0, eq).strip(), pair = spec.substring(eq + 1);
            String[] ab = pair.split(":", -1);
            if (ab.length != 2 || ab[0].isBlank() || ab[1].isBlank()) {
                throw new IllegalArgumentException("--contrast: expected [NAME=]A:B with two compared methods, found '" + spec + "'");
            }
            String a = Method.parse(ab[0].strip()).spec(), b = Method.parse(ab[1].strip()).spec();
            for (String m : new String[] {a, b}) {
                if (!methods.contains(m)) throw new IllegalArgumentException("--contrast " + spec + ": " + m + " is not among --methods " + String.join(",", methods));
            }
            if (a.equals(b)) throw new IllegalArgumentException("--contrast " + spec + ": a method against itself");
            return new Contrast(name == null || name.isEmpty() ? a + " − " + b : name, a, b);
        }

        /** A − B on the test metric at the whole budget (equal weights updated), paired by seed. */
        Difference atEqualWeights(Outcome o) {
            Metric test = o.classification() ? Metric.TEST_ACCURACY : Metric.TEST_LOSS;
            return paired(values(o.of(a), test, 1.0), values(o.of(b), test, 1.0), test);
        }

        /** A − B on the test metric at equal wall time: from {@code eq}'s runs, else each run's last evaluation before the common time. */
        Difference atEqualTime(Outcome o, EqualTime eq) {
            Metric test = o.classification() ? Metric.TEST_ACCURACY : Metric.TEST_LOSS;
            double secs = eq != null ? eq.seconds() : o.commonSeconds();
            return paired(eq != null ? eq.values(a, test) : Outcome.valuesAtSeconds(o.of(a), test, secs),
                    eq != null ? eq.values(b, test) : Outcome.valuesAtSeconds(o.of(b), test, secs), test);
        }
    }

    /**
     * comparison.md's section of the contrasts asked for: each A − B with both chosen
     * configurations, their means, and the paired intervals at equal weights and at equal time.
     *
     * @param o the outcome
     * @param eq the runs at equal wall time, or null
     * @param cs the contrasts
     * @return the section, empty for none
     */
    static String contrasts(Outcome o, EqualTime eq, List<Contrast> cs) {
        if (cs.isEmpty()) return "";
        boolean cls = o.classification();
        Metric test = cls ? Metric.TEST_ACCURACY : Metric.TEST_LOSS;
        int digits = cls ? 4 : 5;
        StringBuilder sb = new StringBuilder("\n### Contrasts\n\n").append(test.label).append(", A − B paired by seed, 95 % t-interval; at equal time ")
                .append(String.format(Locale.ROOT, "%.2f s", eq != null ? eq.seconds() : o.commonSeconds())).append(" as in the table above.\n\n")
                .append("| contrast | A − B | mean A | mean B | at equal weights updated | at equal time |\n|---|---|---|---|---|---|\n");
        for (Contrast c : cs) {
            Selection a = o.of(c.a()), b = o.of(c.b());
            sb.append("| ").append(c.name()).append(" | ").append(c.a()).append(" (").append(a.chosen().label()).append(") − ").append(c.b()).append(" (")
                    .append(b.chosen().label()).append(") | ").append(fmt(Stats.mean(values(a, test, 1.0)), digits)).append(" | ")
                    .append(fmt(Stats.mean(values(b, test, 1.0)), digits)).append(" | ").append(c.atEqualWeights(o).describe(digits)).append(" | ")
                    .append(c.atEqualTime(o, eq).describe(digits)).append(" |\n");
        }
        return sb.toString();
    }

    private static String inconclusive(String untrained) {
        return "inconclusive, " + untrained + " did not train at any rate tried (its accuracy ended less than " + TRAINED_GAIN + " above its start)";
    }

    private static String phrase(Difference d, String a, String b) {
        return switch (d.verdict()) {
            case "better" -> a + " is ahead of " + b;
            case "worse" -> a + " is behind " + b;
            case "one seed" -> d.mean() == 0 ? "they tie" : a + (d.mean() > 0 ? " is ahead on this one seed" : " is behind on this one seed");
            default -> a + " and " + b + " are not distinguishable";
        };
    }

    private static String fmt(double v, int digits) { return String.format(Locale.ROOT, "%." + digits + "f", v); }

    private static String signed(double v, int digits) { return String.format(Locale.ROOT, "%+." + digits + "f", v); }

    private static String pm(double[] v, int digits) { return pm(Stats.mean(v), Stats.sd(v), digits); }

    private static String pm(double mean, double sd, int digits) {
        if (Double.isNaN(mean)) return "—";
        String f = "%." + digits + "f";
        return Double.isNaN(sd) ? String.format(Locale.ROOT, f, mean) : String.format(Locale.ROOT, f + " ± " + f, mean, sd);
    }
}
