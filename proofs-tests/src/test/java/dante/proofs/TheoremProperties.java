package dante.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import dante.core.nn.Activation;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.proofs.Instances.Glm;
import dante.proofs.Instances.Hidden;
import dante.proofs.Instances.Instance;
import dante.proofs.Instances.Layer;
import dante.proofs.Instances.Logistic;
import dante.proofs.Instances.Ngd;
import dante.proofs.Instances.SigmoidGlm;
import dante.proofs.Instances.Softmax;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The paper's statements as laws over {@link Instances}' jqwik arbitraries: a true statement
 * must hold on every instance, and when one fails jqwik shrinks it to a small witness. The
 * false ones (Corollaries 1–2, Theorems 4–5, Theorem 3 with per-unit norms) must be refuted
 * by search, their witnesses shrunk to the smallest shapes, and kept as examples; their
 * corrected statements must hold.
 */
class TheoremProperties {
    static final double TOL = TheoremReport.TOLERANCE;

    static void holds(String name, Checks.Finding f, Instance p) {
        assertTrue(!TheoremReport.violates(f), name + ": ratio " + f.ratio() + " at " + p.describe());
    }

    @Provide Arbitrary<Glm> glm() { return Instances.glm(false); }
    @Provide Arbitrary<Glm> reluGlm() { return Instances.glm(true); }
    @Provide Arbitrary<Layer> frobeniusLayer() { return Instances.layer(1, 4, 5, 8, false, false); }
    @Provide Arbitrary<Layer> perUnitLayer() { return Instances.layer(2, 5, 5, 8, true, false); }
    @Provide Arbitrary<Layer> reluLayer() { return Instances.layer(1, 3, 4, 6, false, true); }
    @Provide Arbitrary<SigmoidGlm> sigmoidGlm() { return Instances.sigmoidGlm(); }
    @Provide Arbitrary<Hidden> samePattern() { return Instances.hiddenSamePattern(1, 4); }
    @Provide Arbitrary<Logistic> logistic() { return Instances.logistic(); }
    @Provide Arbitrary<Softmax> softmax() { return Instances.softmax(); }
    @Provide Arbitrary<Ngd> ngd() { return Instances.ngd(); }

    @Property(tries = 3000)
    void theorem1KappaBoundsRequiredKappa(@ForAll("glm") Glm p) { holds("Theorem 1", Checks.theorem1(p), p); }

    @Property(tries = 3000)
    void theorem1InnerProductLowerBound(@ForAll("glm") Glm p) { holds("Theorem 1 (i)", Checks.theorem1Inner(p), p); }

    @Property(tries = 3000)
    void theorem1GradientNormBound(@ForAll("glm") Glm p) { holds("Theorem 1 (ii)", Checks.theorem1GradientBound(p), p); }

    @Property(tries = 3000)
    void theorem3KappaBoundsRequiredKappaInTheFrobeniusBall(@ForAll("frobeniusLayer") Layer p) { holds("Theorem 3", Checks.theorem3(p), p); }

    @Property(tries = 3000)
    void theorem3WithPerUnitNormsHoldsWithSqrtC(@ForAll("perUnitLayer") Layer p) {
        holds("Theorem 3, per-unit norms, corrected", Checks.theorem3PerUnitCorrected(p), p);
    }

    @Property(tries = 3000)
    void hazanSigmoidGlmKappaExpW(@ForAll("sigmoidGlm") SigmoidGlm p) { holds("Hazan, sigmoid GLM", Checks.hazanSigmoid(p), p); }

    @Property(tries = 3000)
    void theorem6KappaOneFromConvexity(@ForAll("logistic") Logistic p) { holds("Theorem 6", Checks.theorem6(p), p); }

    @Property(tries = 3000)
    void theorem7KappaSqrtTwoFromConvexity(@ForAll("softmax") Softmax p) { holds("Theorem 7", Checks.theorem7(p), p); }

    @Property(tries = 3000)
    void ngdDescentLemma(@ForAll("ngd") Ngd p) { holds("NGD descent lemma", Checks.ngdDescent(p), p); }

    // ------------------------------------------------------------ corrected statements

    @Property(tries = 3000)
    void corollary1CorrectedHoldsWhereTheActiveExamplesCarryError(@ForAll("reluGlm") Glm p) {
        holds("Corollary 1, corrected", Checks.corollary1Corrected(p), p);
    }

    @Property(tries = 3000)
    void corollary1ActiveInnerProduct(@ForAll("reluGlm") Glm p) { holds("Corollary 1, corrected, inner product", Checks.corollary1ActiveInner(p), p); }

    @Property(tries = 3000)
    void corollary2CorrectedHoldsWhereTheActivePairsCarryError(@ForAll("reluLayer") Layer p) {
        holds("Corollary 2, corrected", Checks.corollary2Corrected(p), p);
    }

    @Property(tries = 3000)
    void theorems4And5CorrectedHoldWhereNoHiddenUnitCrossesItsKink(@ForAll("samePattern") Hidden p) {
        holds("Theorems 4–5, corrected", Checks.hiddenLayerCorrected(p), p);
    }

    @Property(tries = 3000)
    void theorems4And5CorrectedInnerProduct(@ForAll("samePattern") Hidden p) {
        holds("Theorems 4–5, corrected, inner product", Checks.hiddenLayerCorrectedInner(p), p);
    }

    static TheoremReport.Statement<?> statement(String name) {
        return TheoremReport.statements().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The generators reach the hard region: the largest ratios come close to the bounds, and the corrected statements' regions are reached. */
    @Example
    void theGeneratorsAreNotTooTame() {
        assertTrue(TheoremReport.run(statement("Theorem 1"), 5000, 7).maxRatio() > 0.5, "Theorem 1 reaches κ_req/κ > 0.5");
        assertTrue(TheoremReport.run(statement("Theorem 1 (i)"), 5000, 7).maxRatio() > 0.99, "Theorem 1 (i) is tight at a kink");
        assertTrue(TheoremReport.run(statement("Theorem 6"), 5000, 7).maxRatio() > 0.9, "Theorem 6 nears κ = 1");
        assertTrue(TheoremReport.run(statement("Corollary 1, corrected, inner product"), 5000, 7).nearBound() > 100, "the active-example bound is tight");
        TheoremReport.Outcome pattern = TheoremReport.run(statement("Theorems 4–5, corrected, inner product"), 5000, 7);
        assertTrue(pattern.applies() > 4500, "the same-pattern generator stays in the region: " + pattern.applies() + " of 5000");
        assertTrue(pattern.maxRatio() > 0.9, "the corrected hidden-layer inner product nears its bound: " + pattern.maxRatio());
        TheoremReport.Outcome dead = TheoremReport.run(statement("Corollary 1, corrected"), 5000, 7);
        assertTrue(dead.applies() > 2500 && dead.applies() < 5000, "the ReLU generator makes both kinds of points, with and without active error: " + dead.applies());
    }

    /** A refuted statement: violations found, no κ works (or the ratio exceeds 1 clearly), and the witness is shrunk to a point where ê is differentiable. */
    static TheoremReport.Outcome refuted(String name, boolean noKappa) {
        TheoremReport.Outcome o = TheoremReport.run(statement(name), 5000, 3);
        assertTrue(o.violations() > 0, name + ": a counterexample is found");
        if (noKappa) assertTrue(Double.isInfinite(o.maxRatio()), name + ": no κ works");
        Checks.Finding f = findingOf(name, o.witness());
        assertTrue(TheoremReport.violates(f) && f.smooth(), name + ": the shrunk witness still violates, away from kinks: " + o.witnessText());
        assertTrue(o.shrinkSteps() > 0, name + ": the witness was shrunk");
        return o;
    }

    @SuppressWarnings("unchecked")
    static Checks.Finding findingOf(String name, Object instance) {
        return ((TheoremReport.Statement<Instance>) statement(name)).check().apply((Instance) instance);
    }

    @Example
    void corollary1IsRefutedAndItsWitnessShrinksToOneInputInOneDimension() {
        Glm w = (Glm) refuted("Corollary 1", true).witness();
        assertEquals(1, w.x().length, w.describe());
        assertEquals(1, w.w().length, w.describe());
        assertTrue(w.y()[0] > 0 && Slqc.dot(w.w(), w.x()[0]) < 0, "a dead unit with a positive target: " + w.describe());
    }

    @Example
    void corollary2IsRefutedAndItsWitnessShrinksToOneUnit() {
        Layer w = (Layer) refuted("Corollary 2", true).witness();
        assertEquals(1, w.c(), w.describe());
        assertEquals(1, w.x().length, w.describe());
        assertEquals(1, w.x()[0].length, w.describe());
    }

    @Example
    void theorem4IsRefutedWithTwoHiddenUnitsAndOneInput() {
        Hidden w = (Hidden) refuted("Theorem 4", true).witness();
        assertEquals(1, w.c());
        assertEquals(2, w.n(), "one hidden unit cannot do it (a monotone composition); two can: " + w.describe());
        assertEquals(1, w.x().length, w.describe());
        assertEquals(1, w.x()[0].length, w.describe());
    }

    @Example
    void theorem5IsRefutedWithSeveralOutputs() {
        Hidden w = (Hidden) refuted("Theorem 5", true).witness();
        assertTrue(w.c() >= 2, w.describe());
        assertEquals(1, w.x().length, w.describe());
    }

    /** With per-unit norms the published constant is too small; the witness shrinks to two units on one input. */
    @Example
    void theorem3WithPerUnitNormsNeedsTheSqrtCFactor() {
        TheoremReport.Outcome o = refuted("Theorem 3, per-unit norms", false);
        assertTrue(o.maxRatio() > 1.2, "κ_req/κ reached " + o.maxRatio());
        Layer w = (Layer) o.witness();
        assertEquals(2, w.c(), w.describe());
        assertEquals(1, w.x().length, w.describe());
    }

    /** Dropping coordinates that are 0 everywhere keeps those where an input or a weight is not. */
    @Example
    void onlyAllZeroCoordinatesAreDropped() {
        double[][] x = {{0, 1, 0, 0}, {0, 2, 0, 0}};
        double[] w = {0, 0, 3, 0};
        assertEquals("[1, 2]", java.util.Arrays.toString(Instances.usedCoordinates(4, x, j -> w[j] == 0)));
        assertEquals("[0]", java.util.Arrays.toString(Instances.usedCoordinates(2, new double[][] {{0, 0}}, j -> true)));
    }

    /** Theorem 5's objective: its gradient in W1 against central differences in double, away from the kinks (where it is a subgradient). */
    @Property(tries = 400)
    void hiddenLayerGradientMatchesFiniteDifferences(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 1 + r.nextInt(3), n = 1 + r.nextInt(3), m = 1 + r.nextInt(4), c = 1 + r.nextInt(3);
        double a = 0.1 + 0.5 * r.nextDouble(), b = 1;
        double[][] w2 = new double[c][n], x = new double[m][d], y = new double[m][c];
        for (double[] row : w2) for (int h = 0; h < n; h++) row[h] = Draws.gaussian(r);
        for (int i = 0; i < m; i++) { for (int j = 0; j < d; j++) x[i][j] = Draws.gaussian(r); for (int k = 0; k < c; k++) y[i][k] = Draws.gaussian(r); }
        double[] w1 = new double[d * n], grad = new double[d * n], scratch = new double[d * n];
        for (int q = 0; q < w1.length; q++) w1[q] = Draws.gaussian(r);
        double step = 1e-6;
        for (int i = 0; i < m; i++) {                          // skip instances within reach of a kink
            for (int h = 0; h < n; h++) {
                double u = 0;
                for (int j = 0; j < d; j++) u += w1[j * n + h] * x[i][j];
                if (Math.abs(u) < 1e-3) return;
            }
            for (int k = 0; k < c; k++) {
                double sum = 0;
                for (int h = 0; h < n; h++) {
                    double u = 0;
                    for (int j = 0; j < d; j++) u += w1[j * n + h] * x[i][j];
                    sum += w2[k][h] * Objectives.phi(a, b, u);
                }
                if (Math.abs(sum) < 1e-3) return;
            }
        }
        Objectives.hiddenOutputs(a, b, x, y, w1, w2, grad);
        for (int q = 0; q < w1.length; q++) {
            double keep = w1[q];
            w1[q] = keep + step;
            double up = Objectives.hiddenOutputs(a, b, x, y, w1, w2, scratch);
            w1[q] = keep - step;
            double down = Objectives.hiddenOutputs(a, b, x, y, w1, w2, scratch);
            w1[q] = keep;
            double fd = (up - down) / (2 * step);
            assertEquals(fd, grad[q], 1e-5 * (1 + Math.abs(fd)), "∂ê/∂W1[" + q + "]");
        }
        if (c == 1) {                                            // one output: Theorem 4's objective, the same function
            double[] g4 = new double[d * n], y1 = new double[m];
            for (int i = 0; i < m; i++) y1[i] = y[i][0];
            assertEquals(Objectives.hidden(a, b, x, y1, w1, w2[0], g4), Objectives.hiddenOutputs(a, b, x, y, w1, w2, scratch), 1e-12);
            for (int q = 0; q < g4.length; q++) assertEquals(g4[q], grad[q], 1e-12);
        }
    }

    /** Theorem 2 at docs/MATH.md's sample size: the corrected κ' holds in at least 1 − δ of the runs. */
    @Example
    void theorem2CorrectedKappaHoldsWithEnoughSamples() {
        NoisyGlm.Outcome o = NoisyGlm.experiment(10, 5);
        assertTrue(o.excess() > o.eps(), "the point is just outside condition 1 in the population");
        assertTrue(o.correctedRate() >= 1 - o.delta(), o.correctedHolds() + " of " + o.runs());
    }

    /**
     * Theorem 2's adversarial probe on its tightest setting (d = 1, a = 0.9, inputs ±1, noise ±1,
     * excess (1 + 0.01)ε): condition 1 fails in some runs, so condition 2 is really checked; the
     * published κ holds there, with a slack below 10, so a κ ten times smaller would fail: the
     * probe can fail.
     */
    @Example
    void theorem2AdversarialProbeMeasuresTheSlack() {
        NoisyGlm.Setting s = new NoisyGlm.Setting(1, 0.9, NoisyGlm.Inputs.SPHERE, NoisyGlm.Noise.SIGNS, NoisyGlm.Path.SHRINK, 0.01);
        NoisyGlm.Probe p = NoisyGlm.probe(s, 2000, 20, 5);
        assertTrue(p.excess() > 0.1 && p.excess() < 0.103, "population excess just above ε: " + p.excess());
        assertTrue(p.condition1Failed() > 0, "condition 1 failed in some runs");
        assertEquals(0, p.publishedFails(), "the published κ holds on this setting");
        assertTrue(p.minSlack() > 1 && p.minSlack() < 10, "slack " + p.minSlack());
    }

    /** Theorem 8: SNGD's best iterate is 3ε-optimal in at least 1 − 2δ of seeded runs. */
    @Example
    void theorem8SngdSucceedsOftenEnough() {
        Sngd.Outcome o = Sngd.experiment(20, 11);
        assertTrue(o.holds(), o.successes() + " of " + o.runs() + " runs reached f ≤ 3ε (worst f = " + o.worstFinalLoss() + ")");
        assertTrue(o.worstFinalLoss() > 0, "the runs really ran");
    }

    /** Theorem 8 through the code users run: core's trainer, its normalized step and best-minibatch rule, float kernels. */
    @Example
    void theorem8HoldsForTheShippedTrainer() {
        Sngd.Outcome o = ShippedSngd.experiment(5, 11);           // 5 runs (each an epoch over T·b ≈ 14 million draws, ~5 s) keep the suite within a minute; the report runs 50
        assertTrue(o.holds(), o.successes() + " of " + o.runs() + " runs of the shipped trainer reached f ≤ 3ε (worst f = " + o.worstFinalLoss() + ")");
        assertTrue(o.worstFinalLoss() > 0, "the runs really ran");
    }

    /** A DANTE phase on a GLM layer is Algorithm 1: the trainer's iterates follow the double-precision ones step by step. */
    @Example
    void anSngdPhaseOfTheTrainerIsAlgorithm1StepByStep() {
        ShippedSngd.Agreement a = ShippedSngd.algorithm1Agreement(3, 20, 4);
        assertEquals(40, a.steps(), "200 examples in minibatches of 20, 4 epochs");
        assertTrue(a.maxDifference() < 1e-4 * Math.max(1, a.steps() * a.stepLength()), "largest |w_float − w_double| over the steps: " + a.maxDifference());
    }

    /** docs/MATH.md §6.1: x = 1, w* = 1, w = −1 under ReLU: ê = 1, ∇ê = 0. */
    @Example
    void corollary1MinimalCounterexample() {
        double[] grad = new double[1];
        double loss = Objectives.glm(0, 1, new double[][] {{1}}, new double[] {1}, new double[] {-1}, grad);
        assertEquals(1.0, loss);
        assertEquals(0.0, grad[0]);
        assertEquals(Double.POSITIVE_INFINITY, Slqc.kappaRequired(loss, 0, grad, new double[] {-1}, new double[] {1}));
    }

    /** docs/MATH.md §6.2: the hidden-layer counterexample, and the loss rising on the way to W1*. */
    @Example
    void theorem4MinimalCounterexample() {
        double[][] x = {{1}};
        double[] w2 = {1, 1}, w1Star = {0.5, 0}, w1 = {-0.05, 0.25}, grad = new double[2];
        double y = Checks.outputOf(0.1, 1, x[0], w1Star, w2);
        assertEquals(0.5, y, 1e-15);
        double loss = Objectives.hidden(0.1, 1, x, new double[] {y}, w1, w2, grad);
        assertEquals(0.065025, loss, 1e-12);
        assertEquals(-0.051, grad[0], 1e-12);
        assertEquals(-0.51, grad[1], 1e-12);
        assertEquals(-0.09945, grad[0] * (w1[0] - w1Star[0]) + grad[1] * (w1[1] - w1Star[1]), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Slqc.kappaRequired(loss, 0, grad, w1, w1Star));
        double[] tenth = {w1[0] + 0.1 * (w1Star[0] - w1[0]), w1[1] + 0.1 * (w1Star[1] - w1[1])};
        assertTrue(Objectives.hidden(0.1, 1, x, new double[] {y}, tenth, w2, new double[2]) > loss, "the loss rises towards W1*");
    }

    /** Core's float layer (activation, loss, backward) agrees with the double objective used here. */
    @Property(tries = 200)
    void coresFloatGradientAgreesWithTheDoubleReference(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 1 + r.nextInt(6), m = 1 + r.nextInt(10);
        float a = (float) Draws.pick(r, 0.01, 0.1, 0.5), b = (float) Draws.pick(r, 1, 2);
        double[] wStar = Draws.inBall(r, d, 2), w = Draws.inBall(r, d, 2);
        float[] wf = new float[d];
        for (int j = 0; j < d; j++) { wf[j] = (float) w[j]; w[j] = wf[j]; }
        double[][] x = new double[m][];
        float[] xf = new float[m * d], yf = new float[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = Draws.inBall(r, d, 1);
            for (int j = 0; j < d; j++) { xf[i * d + j] = (float) x[i][j]; x[i][j] = xf[i * d + j]; }
            yf[i] = (float) Objectives.phi(a, b, Slqc.dot(wStar, x[i]));
            y[i] = yf[i];
        }
        double[] grad = new double[d];
        double loss = Objectives.glm(a, b, x, y, w, grad);
        try (Network net = Network.builder(d).dense(1, Activation.generalizedRelu(a, b), false).loss(Loss.MSE).build();
             Workspace ws = new Workspace(net, m)) {
            net.loadParameters(wf);
            ws.forward(Kernels.best(), FloatMatrix.wrap(xf, m, d), 0);
            double fl = ws.backward(Kernels.best(), FloatMatrix.wrap(yf, m, 1), new boolean[] {true});
            float[] g = ws.gradient(0).toArray();
            double scale = 1e-5 * (1 + loss);
            assertEquals(loss, fl, scale, "loss");
            double gn = Slqc.norm(grad);
            for (int j = 0; j < d; j++) assertEquals(grad[j], g[j], 1e-5 * (1 + gn), "gradient " + j);
        }
    }
}
