package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Checkpoint;
import dante.core.train.Method;
import dante.core.train.StepRule;
import dante.core.train.Trainer;

import org.junit.jupiter.api.Test;

/** The {@code adam-altmin} preset (alternation × Adam, the factorial's sixth cell), held to what its siblings are held to. */
class AdamAltminTest {
    private static final Method M = Method.ADAM_ALTMIN;

    private static Trainer.Builder builder(Network net, Dataset train, Method.Hyper h) {
        return Trainer.builder(net, train).stepRule(M.stepRule(h)).schedule(M.schedule(net.depth(), h)).batchSize(32).seed(3);
    }

    @Test
    void isAdamInsideTheRoundRobin() {
        Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.004f).withRounds(3);
        assertEquals(M, Method.parse("adam-altmin"));
        assertTrue(M.alternating() && !M.auxiliary());
        assertEquals(new StepRule.Adam(0.004f), M.stepRule(h));
        assertEquals(new AlternatingSchedule(3, 1, 3, 0, AlternatingSchedule.Order.BOTTOM_UP), M.schedule(3, h));
    }

    @Test
    void learnsThePlantedBlobsAndCountsTheWeightsItUpdates() {
        try (Dataset train = TrainerTest.blobs(600, 1); Dataset test = TrainerTest.blobs(300, 2); Network net = TrainerTest.mlp(5)) {
            Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.01f).withRounds(6);
            Trainer.Result r = builder(net, train, h).test(test).build().run();
            assertTrue(r.history().last().testAccuracy() > 0.85, "adam-altmin reaches " + r.history().last().testAccuracy());
            long perRound = 0;
            for (int l = 0; l < net.depth(); l++) perRound += 19L * net.layer(l).parameterCount();
            assertEquals(6 * perRound, r.weightsUpdated(), "each phase updates only its layer's weights, once per step: 19 steps per layer per round");
            assertEquals(1 + 6 * 3, r.history().size(), "one row per phase");
        }
    }

    /** The last phase trains the top layer alone: with a fresh Adam per phase, every other layer's moments are zero at the end. */
    @Test
    void everyPhaseStartsAdamAfresh() {
        float[] fresh, carried;
        int top;
        try (Dataset train = TrainerTest.blobs(120, 2); Network net = TrainerTest.mlp(3)) {
            top = Math.toIntExact(net.layer(2).offset());
            fresh = builder(net, train, Method.Hyper.defaults().withRounds(2)).build().run().stepRuleState().tensors().get("m");
        }
        try (Dataset train = TrainerTest.blobs(120, 2); Network net = TrainerTest.mlp(3)) {
            carried = builder(net, train, Method.Hyper.defaults().withRounds(2)).carryState(true).build().run().stepRuleState().tensors().get("m");
        }
        boolean below = false, topBuilt = false;
        for (int i = 0; i < top; i++) { assertEquals(0f, fresh[i], "first moment of a layer not in the last phase at " + i); below |= carried[i] != 0f; }
        for (int i = top; i < fresh.length; i++) topBuilt |= fresh[i] != 0f;
        assertTrue(topBuilt, "the last phase built its own moments");
        assertTrue(below, "carried, the earlier phases' moments stay: the reset is what clears them");
    }

    @Test
    void resumedFromACheckpointEndsWithTheUninterruptedRunsBits() {
        Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.01f).withRounds(3);
        Checkpoint[] saved = new Checkpoint[1];
        float[][] at = new float[1][];
        float[] straight;
        try (Dataset train = TrainerTest.blobs(300, 1); Network net = TrainerTest.mlp(5)) {
            builder(net, train, h).checkpoints(4, (c, nn) -> { if (saved[0] == null) { saved[0] = c; at[0] = nn.parametersToArray(); } }).build().run();
            straight = net.parametersToArray();
        }
        assertTrue(saved[0] != null && saved[0].epochs() > 0 && saved[0].epochs() < 9, "a checkpoint inside the run");
        try (Dataset train = TrainerTest.blobs(300, 1); Network net = TrainerTest.mlp(99)) {
            net.parameters().copyFrom(at[0]);
            builder(net, train, h).resume(saved[0]).build().run();
            assertArrayEquals(straight, net.parametersToArray(), "weights after resuming at epoch " + saved[0].epochs());
        }
        try (Dataset train = TrainerTest.blobs(300, 1); Network net = TrainerTest.mlp(5)) {
            builder(net, train, Method.Hyper.defaults().withLearningRate(0.01f).withRounds(3)).carryState(true).build().run();
            assertFalse(java.util.Arrays.equals(straight, net.parametersToArray()), "the reset per phase changes the run (the test can tell)");
        }
    }
}
