package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Evaluator;
import dante.core.train.IterateRule;
import dante.core.train.Phase;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingListener;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;

/**
 * The iterate a phase returns is the one its rule picks, checked against parameters recorded
 * independently at every step; the step rule's state starts afresh in each phase unless carried.
 */
class IterateRuleTest {

    /** Records the parameters before every step of every phase and the minibatch loss each step saw. */
    static final class Recorder implements TrainingListener {
        final Network net;
        final List<float[]> before = new ArrayList<>();       // before[t] = parameters after t steps of the current phase
        final List<Double> losses = new ArrayList<>();        // losses[t] = minibatch loss at before[t]
        final List<TrainingListener.IterateChoice> choices = new ArrayList<>();
        final List<float[]> chosen = new ArrayList<>(), expected = new ArrayList<>();
        final List<List<float[]>> phaseSnapshots = new ArrayList<>();
        final List<List<Double>> phaseLosses = new ArrayList<>();

        Recorder(Network net) { this.net = net; }

        @Override public void phaseStarted(Phase phase, int epochs) {
            before.clear();
            losses.clear();
            before.add(net.parametersToArray());
        }

        @Override public void stepped(Progress p) {
            losses.add(p.minibatchLoss());
            before.add(net.parametersToArray());
        }

        @Override public void phaseEnded(Phase phase, IterateChoice choice) {
            choices.add(choice);
            chosen.add(net.parametersToArray());
            expected.add(before.get((int) choice.step()));
            phaseSnapshots.add(new ArrayList<>(before));
            phaseLosses.add(new ArrayList<>(losses));
        }
    }

    static Recorder run(IterateRule rule, int probeRows, int probeEvery, Kernels k) {
        try (Dataset train = TrainerTest.blobs(240, 4); Network net = TrainerTest.mlp(3)) {
            Recorder rec = new Recorder(net);
            Trainer.builder(net, train).kernels(k).stepRule(new StepRule.Normalized(0.3f)).iterate(rule).probe(probeRows, probeEvery)
                    .schedule(new AlternatingSchedule(3, 2, 2, AlternatingSchedule.Order.BOTTOM_UP)).batchSize(16).seed(7)
                    .evaluateTrainLoss(false).listener(rec).build().run();
            return rec;
        }
    }

    @Test
    void bestMinibatchReturnsTheIterateOfLowestMinibatchLoss() {
        Recorder rec = run(IterateRule.BEST_MINIBATCH, 1, 0, Kernels.scalar(1));
        assertEquals(6, rec.choices.size());
        int rolledBack = 0;
        for (int p = 0; p < 6; p++) {
            List<Double> l = rec.phaseLosses.get(p);
            int argmin = 0;
            for (int t = 1; t < l.size(); t++) if (l.get(t) < l.get(argmin)) argmin = t;
            assertEquals(argmin, rec.choices.get(p).step(), "phase " + p + ": Hazan's rule picks the step of lowest minibatch loss");
            assertEquals(l.get(argmin), rec.choices.get(p).score(), 0);
            assertArrayEquals(rec.expected.get(p), rec.chosen.get(p), "phase " + p + ": the network holds exactly the recorded iterate");
            if (argmin != l.size()) rolledBack++;
        }
        assertTrue(rolledBack > 0, "the case exercises a roll-back");
    }

    @Test
    void bestProbeReturnsTheCandidateOfLowestProbeLossAndTheFinalOneOnTies() {
        // the probe is the whole training set (240 rows ≥ n), scored every 5 steps of a 30-step phase and at its end
        Recorder rec = run(IterateRule.BEST_PROBE, 10_000, 5, Kernels.scalar(1));
        try (Dataset train = TrainerTest.blobs(240, 4); Network probe = TrainerTest.mlp(3)) {
            int rolledBack = 0;
            for (int p = 0; p < 6; p++) {
                List<float[]> snaps = rec.phaseSnapshots.get(p);
                int total = snaps.size() - 1;
                long best = -1;
                double bestLoss = Double.POSITIVE_INFINITY, finalLoss = Double.NaN;
                for (int t = 5; t <= total; t += 5) {
                    probe.loadParameters(snaps.get(t));
                    double loss = Evaluator.evaluate(Kernels.scalar(1), probe, train)[0];
                    if (t == total) finalLoss = loss;
                    if (loss < bestLoss) { bestLoss = loss; best = t; }
                }
                if (total % 5 != 0) {
                    probe.loadParameters(snaps.get(total));
                    finalLoss = Evaluator.evaluate(Kernels.scalar(1), probe, train)[0];
                }
                if (finalLoss <= bestLoss * (1 + 1e-6)) best = total;
                assertEquals(best, rec.choices.get(p).step(), "phase " + p);
                assertEquals(bestLoss < finalLoss ? bestLoss : finalLoss, rec.choices.get(p).score(), 1e-5 * Math.abs(bestLoss));
                assertArrayEquals(rec.expected.get(p), rec.chosen.get(p), "phase " + p + ": the network holds exactly the chosen candidate");
                if (best != total) rolledBack++;
            }
            assertTrue(rolledBack > 0, "the case exercises a roll-back");
        }
    }

    @Test
    void theLastIterateChangesNothingAtThePhaseEnd() {
        Recorder rec = run(IterateRule.LAST, 1, 0, Kernels.scalar(1));
        for (int p = 0; p < 6; p++) {
            assertEquals(rec.choices.get(p).steps(), rec.choices.get(p).step());
            assertArrayEquals(rec.phaseSnapshots.get(p).get(rec.phaseSnapshots.get(p).size() - 1), rec.chosen.get(p));
        }
    }

    /** 2 layers × 2 rounds of normalized momentum; returns the velocity after training. */
    static float[] velocityAfter(boolean carry) {
        try (Dataset train = TrainerTest.blobs(120, 2); Network net = TrainerTest.mlp(3)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.NormalizedMomentum(0.05f, 0.9f)).carryState(carry)
                    .schedule(new AlternatingSchedule(3, 1, 2, AlternatingSchedule.Order.BOTTOM_UP)).batchSize(16).seed(1).build().run();
            return r.stepRuleState().tensors().get("velocity");
        }
    }

    @Test
    void eachPhaseStartsTheStepRuleAfreshUnlessItIsCarried() {
        try (Network net = TrainerTest.mlp(3)) {
            int lastLayerStart = Math.toIntExact(net.layer(2).offset());
            float[] reset = velocityAfter(false), carried = velocityAfter(true);
            // the last phase trains layer 2 alone: under reset every other layer's velocity was cleared when it began
            for (int i = 0; i < lastLayerStart; i++) assertEquals(0f, reset[i], "reset: velocity of a layer not in the last phase at " + i);
            boolean nonzero = false;
            for (int i = 0; i < lastLayerStart; i++) nonzero |= carried[i] != 0f;
            assertTrue(nonzero, "carried: velocity from earlier phases is still there");
            boolean lastNonzero = false;
            for (int i = lastLayerStart; i < reset.length; i++) lastNonzero |= reset[i] != 0f;
            assertTrue(lastNonzero, "the last phase built its own velocity");
            assertFalse(java.util.Arrays.equals(reset, carried));
        }
    }
}
