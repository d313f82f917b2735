package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.HistoryRow;
import dante.core.train.LearningRateSchedule;
import dante.core.train.LearningRateSchedule.Clock;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingListener;

import org.junit.jupiter.api.Test;

/** Each schedule's η sequence against one worked out by hand, and the rates a real run uses. */
class LearningRateScheduleTest {

    /** Factors for steps 0..steps−1 of one run: {@code stepsPerEpoch} steps an epoch, {@code perRound} steps a round, phases of {@code perPhase} steps. */
    static double[] factors(String spec, int steps, int stepsPerEpoch, int perRound, int perPhase) {
        LearningRateSchedule s = LearningRateSchedule.parse(spec);
        double[] f = new double[steps];
        for (int t = 0; t < steps; t++) f[t] = s.factor(new Clock(t, steps, t % perPhase, perPhase, stepsPerEpoch, t / perRound));
        return f;
    }

    @Test
    void eachScheduleGivesTheSequenceWorkedOutByHand() {
        assertArrayEquals(new double[] {1, 1, 1, 1}, factors("constant", 4, 2, 4, 4), 0);
        // ×0.5 every 2 epochs of 3 steps: steps 0–5 at 1, 6–11 at 0.5
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, .5, .5, .5, .5, .5, .5}, factors("step:0.5:2e", 12, 3, 12, 12), 0);
        // ×0.5 every round of 2 steps
        assertArrayEquals(new double[] {1, 1, .5, .5, .25, .25}, factors("step:0.5:1r", 6, 1, 2, 6), 0);
        // ×0.1 every 2 steps, restarting with each phase of 3 steps
        assertArrayEquals(new double[] {1, 1, .1, 1, 1, .1}, factors("step:0.1:2s@phase", 6, 1, 6, 3), 1e-15);
        assertArrayEquals(new double[] {1, .9, .81, .729}, factors("exp:0.9:s", 4, 1, 4, 4), 1e-15);
        // per epoch of 2 steps, continuously: 0.81^(t/2)
        assertArrayEquals(new double[] {1, .9, .81, .729}, factors("exp:0.81", 4, 2, 4, 4), 1e-12);
        assertArrayEquals(new double[] {1, 1 / Math.sqrt(2), 1 / Math.sqrt(3), .5}, factors("inv-sqrt:s", 4, 1, 4, 4), 1e-15);
        // cosine to 0.1 over 5 steps: p = t/4
        assertArrayEquals(new double[] {1, .1 + .9 * .5 * (1 + Math.cos(Math.PI / 4)), .55, .1 + .9 * .5 * (1 + Math.cos(3 * Math.PI / 4)), .1},
                factors("cosine:0.1", 5, 1, 5, 5), 1e-12);
        // cosine over each phase of 3 steps: 1, 0.5, 0, then again
        assertArrayEquals(new double[] {1, .5, 0, 1, .5, 0}, factors("cosine@phase", 6, 1, 6, 3), 1e-12);
        assertArrayEquals(new double[] {.25, .5, .75, 1, 1, 1}, factors("warmup:4s+constant", 6, 1, 6, 6), 1e-15);
        // warm-up over one epoch of 2 steps, then ×0.5 per epoch
        assertArrayEquals(new double[] {.5, 1, .5, .5, .25}, factors("warmup:1e+step:0.5:1e", 5, 2, 5, 5), 1e-15);
    }

    @Test
    void specsReadBackAndBadOnesAreRejectedWithTheSpec() {
        for (String s : new String[] {"constant", "step:0.5:1r", "step:0.5:100s@phase", "exp:0.95:e", "inv-sqrt:s", "cosine:0.01", "cosine:0@phase",
                "warmup:200s+cosine:0"}) {
            assertEquals(s, LearningRateSchedule.parse(s).describe());
            assertEquals(s, LearningRateSchedule.parse(LearningRateSchedule.parse(s).describe()).describe());
        }
        String[][] bad = {{"step:2:1e", "γ must be in (0, 1]"}, {"step:0.5:1r@phase", "rounds do not restart"}, {"cosine:1.5", "floor must be in [0, 1]"},
                {"warmup:10r+constant", "not rounds"}, {"exp:x", "not a number"}, {"linear", "expected constant"}, {"step:0.5:1q", "unit 'q'"},
                {"cosine@round", "only clock suffix is @phase"}, {"warmup:5s", "warmup:K<s|e>+SPEC"}, {"", "empty"}};
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(b[0]), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + ": " + e.getMessage());
        }
    }

    @Test
    void aRunStepsAtTheScheduledRatesAndRecordsThem() {
        // SGD, 3 epochs of 10 steps (300 examples, batch 30), ×0.5 per epoch: the rows after epochs 1..3 carry 0.1, 0.05, 0.025
        List<Double> seen = new ArrayList<>();
        try (Dataset train = TrainerTest.blobs(300, 1); Network net = TrainerTest.mlp(5)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Sgd(0.1f)).learningRateSchedule(LearningRateSchedule.parse("step:0.5:1e"))
                    .schedule(Schedule.joint(3, 3)).batchSize(30).seed(1).build().run();
            double[] lr = r.history().rows().stream().mapToDouble(HistoryRow::learningRate).toArray();
            assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.025}, lr, 1e-8);
        }
        // DANTE, 2 layers × 2 rounds, cosine restarting each phase (T = 1 epoch of 10 steps): every phase starts at η and ends at 0
        try (Dataset train = TrainerTest.blobs(300, 1); Network net = TrainerTest.mlp(5)) {
            Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.2f)).learningRateSchedule(LearningRateSchedule.parse("cosine@phase"))
                    .schedule(new AlternatingSchedule(3, 1, 2, AlternatingSchedule.Order.BOTTOM_UP)).batchSize(30).seed(1)
                    .listener(new TrainingListener() {
                        @Override public void evaluated(HistoryRow row) { if (row.phase() >= 0) seen.add(row.learningRate()); }
                    }).build().run();
        }
        assertEquals(6, seen.size());
        for (double v : seen) assertEquals(0, v, 1e-7, "the last step of each phase runs at the cosine's floor");
    }
}
