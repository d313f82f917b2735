package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Checkpoint;
import dante.core.train.HistoryRow;
import dante.core.train.Method;
import dante.core.train.OutsideInSchedule;
import dante.core.train.Phase;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;

/** DANTE's schedules and SNGD, on teachers where the answer is known. */
class DanteTest {

    /** x uniform in the unit ball of R^d. */
    static float[] unitBall(Random r, int n, int d) {
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            double[] v = new double[d];
            for (int j = 0; j < d; j++) { v[j] = r.nextGaussian(); norm += v[j] * v[j]; }
            double radius = Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(norm);
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (v[j] * radius);
        }
        return x;
    }

    @Test
    void sngdFitsAnIdealizedGlmTeacher() {
        // y = φ(⟨w*, x⟩) with φ = generalized ReLU (0.1, 1), ‖w*‖ = W = 2, x in the unit ball (docs/MATH.md Def. 2)
        int n = 2000, d = 10;
        Random r = new Random(11);
        float[] x = unitBall(r, n, d);
        double[] w = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) { w[j] = r.nextGaussian(); norm += w[j] * w[j]; }
        for (int j = 0; j < d; j++) w[j] *= 2 / Math.sqrt(norm);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += w[j] * x[i * d + j];
            y[i] = (float) (s > 0 ? s : 0.1 * s);
        }
        try (Dataset data = Dataset.regression("glm", x, n, d, y, 1);
             Network net = Network.builder(d).dense(1, Activation.generalizedRelu(0.1f, 1f), false).loss(Loss.MSE).build()) {
            Trainer.Result res = Trainer.builder(net, data).stepRule(new StepRule.Normalized(0.002f))
                    .schedule(Schedule.joint(1, 60)).batchSize(50).seed(3).iterate(dante.core.train.IterateRule.BEST_MINIBATCH).build().run();
            double loss = res.history().last().trainLoss();
            assertTrue(loss < 1e-4, "SNGD on the idealized GLM ends at loss " + loss);
            assertTrue(res.phaseNotes().get(0).contains("best-minibatch returned"), res.phaseNotes().toString());
        }
    }

    @Test
    void everyDanteRoundLowersTheLossOfAPlantedTeacher() {
        // a planted 20-16-4 Leaky-ReLU teacher; the student has the same shape
        int n = 1500, d = 20;
        Random r = new Random(5);
        float[] x = unitBall(r, n, d);
        float[] y;
        try (Network teacher = Network.builder(d).dense(16, Activation.leakyRelu()).dense(4, Activation.leakyRelu())
                .loss(Loss.MSE).build().initialize(Init.HE, 77);
             Dataset probe = Dataset.regression("x", x, n, d, new float[n * 4], 4);
             dante.core.nn.Workspace ws = new dante.core.nn.Workspace(teacher, n)) {
            y = ws.forward(dante.kernels.Kernels.best(), probe.features(), 0).toArray();
        }
        try (Dataset data = Dataset.regression("teacher", x, n, d, y, 4);
             Network net = Network.builder(d).dense(16, Activation.leakyRelu()).dense(4, Activation.leakyRelu())
                     .loss(Loss.MSE).build().initialize(Init.HE, 1)) {
            Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.01f).withRounds(6).withEpochsPerLayer(2);
            Trainer.Result res = Trainer.builder(net, data).stepRule(Method.DANTE.stepRule(h))
                    .schedule(Method.DANTE.schedule(2, h)).batchSize(50).seed(2).build().run();
            double previous = res.history().rows().get(0).trainLoss();
            for (int round = 0; round < 6; round++) {
                double end = lossAtEndOfPhase(res.history(), 2 * round + 1);
                assertTrue(end <= previous * 1.02, "round " + (round + 1) + " ends at " + end + " after " + previous);
                previous = end;
            }
            assertTrue(previous < 0.5 * res.history().rows().get(0).trainLoss(), "DANTE makes progress overall");
        }
    }

    static double lossAtEndOfPhase(TrainingHistory h, int phase) {
        double loss = Double.NaN;
        for (HistoryRow row : h.rows()) if (row.phase() == phase) loss = row.trainLoss();
        return loss;
    }

    static List<String> phases(Schedule s) {
        List<String> out = new ArrayList<>();
        TrainingHistory h = new TrainingHistory();
        Phase p = null;
        while ((p = s.next(p, h)) != null) {
            out.add(p.round() + ":" + p.layerLabel(99) + (p.path() == null ? "" : "@" + p.path()[0] + "-" + p.path()[1]) + "x" + p.epochs());
        }
        return out;
    }

    @Test
    void eachScheduleProducesItsPhases() {
        assertEquals(List.of("0:0+1+2x4"), phases(Schedule.joint(3, 4)));
        assertEquals(List.of("0:0x2", "0:1x2", "0:2x2", "1:0x2", "1:1x2", "1:2x2"),
                phases(new AlternatingSchedule(3, 2, 2, AlternatingSchedule.Order.BOTTOM_UP)));
        // Algorithm 2: the outer layer W2 first, then W1
        assertEquals(List.of("0:1x1", "0:0x1", "1:1x1", "1:0x1"),
                phases(new AlternatingSchedule(2, 1, 2, AlternatingSchedule.Order.TOP_DOWN)));
        // Algorithm 3 on W1..W4: the pair (W1, W4) first, then (W2, W3), encoder first inside a pair
        assertEquals(List.of("0:0@0-3x3", "0:3@0-3x3", "1:0@0-3x3", "1:3@0-3x3", "0:1@1-2x3", "0:2@1-2x3", "1:1@1-2x3", "1:2@1-2x3"),
                phases(new OutsideInSchedule(4, 3, 2)));
    }

    static HistoryRow row(double epoch, int phase, String layer, long updated, double trainLoss) {
        return new HistoryRow(epoch, phase, layer, updated, Double.NaN, trainLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    @Test
    void theStoppingRuleEndsTheAlternation() {
        AlternatingSchedule s = new AlternatingSchedule(2, 1, 100, 1e-3, AlternatingSchedule.Order.BOTTOM_UP);
        TrainingHistory h = new TrainingHistory();
        h.add(row(0, -1, "-", 0, 1.0));
        Phase p = s.next(null, h);
        h.add(row(1, 0, "0", 1, 0.5));
        p = s.next(p, h);
        h.add(row(2, 1, "1", 2, 0.4));
        p = s.next(p, h);                                   // |0.4 − 1.0| ≥ ε: round 2 starts
        assertEquals(1, p.round());
        h.add(row(3, 2, "0", 3, 0.3999));
        p = s.next(p, h);
        h.add(row(4, 3, "1", 4, 0.3995));
        assertNull(s.next(p, h), "|0.3995 − 0.4| < 1e-3 stops");
    }

    static Dataset images(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 12];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        return Dataset.regression("ae", x, n, 12, x, 12);
    }

    @Test
    void theAutoencoderScheduleReconstructsAndTheCacheChangesNoBit() {
        float[] with, without;
        double first, last;
        try (Dataset data = images(300, 1); Network net = autoencoder()) {
            Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.02f).withRounds(2).withEpochsPerLayer(2);
            Trainer.Result res = Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h)).schedule(Method.DANTE_AE.schedule(4, h))
                    .batchSize(32).seed(4).build().run();
            with = net.parametersToArray();
            first = res.history().rows().get(0).trainLoss();
            last = res.history().last().trainLoss();
            long perLayer = 2 * 10;          // T = 2 epochs of ⌈300/32⌉ = 10 steps
            long expected = 2 * perLayer * (net.layer(0).parameterCount() + net.layer(3).parameterCount())
                    + 2 * perLayer * (net.layer(1).parameterCount() + net.layer(2).parameterCount());
            assertEquals(expected, res.weightsUpdated());
        }
        assertTrue(last < first, "reconstruction improves: " + first + " → " + last);
        try (Dataset data = images(300, 1); Network net = autoencoder()) {
            Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.02f).withRounds(2).withEpochsPerLayer(2);
            Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h)).schedule(Method.DANTE_AE.schedule(4, h))
                    .batchSize(32).seed(4).cacheBudgetBytes(0).build().run();
            without = net.parametersToArray();
        }
        assertArrayEquals(without, with);
    }

    /**
     * A budget shorter than the outside-in schedule: cut at the budget, the run trained the outer
     * pair and never reached the inner one (what an equal-time comparison of DANTE-AE measured).
     * Fitted, every phase takes the budget's share of its steps, so every layer trains and the
     * run spends exactly its budget; the run is the shortened schedule, bit for bit.
     */
    @Test
    void aBudgetShorterThanTheAutoencoderScheduleShortensEveryPhaseSoEveryPairTrains() {
        Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.02f).withRounds(2).withEpochsPerLayer(2);
        long whole;
        float[] init, fitted;
        try (Dataset data = images(300, 1); Network net = autoencoder()) {
            init = net.parametersToArray();
            whole = 2 * 20L * (net.layer(0).parameterCount() + net.layer(3).parameterCount() + net.layer(1).parameterCount() + net.layer(2).parameterCount());
            long budget = whole * 3 / 4;          // 15 of each phase's 20 steps: one whole epoch and half of the next
            Trainer.Result res = Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h)).schedule(Method.DANTE_AE.schedule(4, h))
                    .batchSize(32).seed(4).stopAtWeightsUpdated(budget).build().run();
            assertEquals(budget, res.weightsUpdated(), "the whole budget, spread over the eight phases");
            assertEquals(budget, res.plannedWeightsUpdated());
            fitted = net.parametersToArray();
            for (int l = 0; l < 4; l++) {
                int from = offset(net, l), to = from + net.layer(l).parameterCount();
                boolean moved = false;
                for (int i = from; i < to && !moved; i++) moved = init[i] != fitted[i];
                assertTrue(moved, "layer " + l + " trained");
            }
            List<Integer> phasesSeen = res.history().rows().stream().map(HistoryRow::phase).distinct().toList();
            assertEquals(List.of(-1, 0, 1, 2, 3, 4, 5, 6, 7), phasesSeen);
        }
        try (Dataset data = images(300, 1); Network net = autoencoder()) {
            Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h)).schedule(new OutsideInSchedule(4, 2, 2, 0.75))
                    .batchSize(32).seed(4).build().run();
            assertArrayEquals(net.parametersToArray(), fitted, "the budget ran the schedule shortened to 75 %");
        }
        try (Dataset data = images(300, 1); Network net = autoencoder()) {
            // a checkpoint counts whole epochs, which a shortened schedule's phases are not: its resume is refused, not guessed
            Checkpoint[] saved = new Checkpoint[1];
            Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h)).schedule(new OutsideInSchedule(4, 2, 2, 0.5))
                    .batchSize(32).seed(4).checkpoints(1, (c, n) -> { if (saved[0] == null) saved[0] = c; }).build().run();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(net, data).stepRule(Method.DANTE_AE.stepRule(h))
                    .schedule(new OutsideInSchedule(4, 2, 2, 0.5)).batchSize(32).seed(4).resume(saved[0]).build().run());
            assertTrue(e.getMessage().startsWith("cannot resume: the budget shortens this schedule's phases"), e.getMessage());
        }
        assertEquals(15, new Phase(0, 0, "p", new int[] {0}, 2, null, 0.75).steps(10));
        assertEquals(1, new Phase(0, 0, "p", new int[] {0}, 1, null, 0.01).steps(10), "at least one step");
        assertTrue(new OutsideInSchedule(4, 2, 2).fitTo(0.5).describe().contains("50.0 %"));
    }

    private static int offset(Network net, int layer) {
        int o = 0;
        for (int l = 0; l < layer; l++) o += net.layer(l).parameterCount();
        return o;
    }

    static Network autoencoder() {
        return Network.builder(12).dense(8, Activation.leakyRelu()).dense(4, Activation.leakyRelu())
                .dense(8, Activation.leakyRelu()).dense(12, Activation.sigmoid()).loss(Loss.MSE).build().initialize(Init.TORCH, 3);
    }

    @Test
    void theLastIterateIsTheDefaultAndSaysSo() {
        try (Dataset data = images(100, 2); Network net = autoencoder()) {
            Trainer.Result res = Trainer.builder(net, data).stepRule(new StepRule.Normalized(0.01f))
                    .schedule(new AlternatingSchedule(4, 1, 1, AlternatingSchedule.Order.BOTTOM_UP)).seed(1).build().run();
            assertEquals(4, res.phaseNotes().size());
            for (String note : res.phaseNotes()) assertTrue(note.contains("last returned the iterate after step 2 of 2"), note);
        }
    }
}
