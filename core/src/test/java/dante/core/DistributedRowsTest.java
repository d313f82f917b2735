package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.core.train.AlternatingSchedule;
import dante.core.train.DistributedRows;
import dante.core.train.Evaluator;
import dante.core.train.IterateRule;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;

/**
 * The trainer's distributed path without a cluster: rows kept in this JVM behind
 * {@link DistributedRows}, computing each named minibatch exactly as the local path does, must
 * give the local run's bits, and the trainer must tell them about every phase.
 */
class DistributedRowsTest {
    /** The rows of a local data set behind the interface: gathers the named rows in order, full forward pass, backward with the mask. */
    static final class InMemoryRows implements DistributedRows {
        final Dataset data;
        final Kernels k;
        final List<String> events = new ArrayList<>();
        Workspace ws;

        InMemoryRows(Dataset data, Kernels k) { this.data = data; this.k = k; }

        @Override public int size() { return data.size(); }
        @Override public int features() { return data.features().cols(); }
        @Override public int outputs() { return data.targets().cols(); }
        @Override public boolean isClassification() { return data.isClassification(); }
        @Override public void phaseStarted(Network net, boolean[] trainable, int frozenBelow) { events.add("start " + frozenBelow); }
        @Override public void phaseEnded() { events.add("end"); }

        @Override
        public double lossAndGradients(Network net, int[] order, int start, int rows, boolean[] trainable, FloatMatrix[] gradients) {
            if (ws == null || ws.maxRows() < rows) ws = new Workspace(net, rows);
            int d = features(), c = outputs();
            float[] x = new float[rows * d], y = new float[rows * c];
            for (int i = 0; i < rows; i++) {
                int r = order[start + i];
                for (int j = 0; j < d; j++) x[i * d + j] = data.features().get(r, j);
                for (int j = 0; j < c; j++) y[i * c + j] = data.targets().get(r, j);
            }
            ws.forward(k, FloatMatrix.wrap(x, rows, d), 0);
            double loss = ws.backward(k, FloatMatrix.wrap(y, rows, c), trainable);
            for (int l = 0; l < trainable.length; l++) if (trainable[l]) gradients[l].copyFrom(ws.gradient(l));
            return loss;
        }

        @Override public double[] evaluate(Network net) { return Evaluator.evaluate(k, net, data); }
        @Override public void close() { if (ws != null) ws.close(); }
    }

    static float[] train(Dataset data, InMemoryRows rows, UnaryOperator<Trainer.Builder> configure) {
        try (Network net = TrainerTest.mlp(5); Dataset test = TrainerTest.blobs(200, 2)) {
            Trainer.Builder b = rows == null ? Trainer.builder(net, data) : Trainer.builder(net, rows);
            configure.apply(b.kernels(Kernels.panama(1)).test(test).batchSize(32).seed(9)).build().run();
            return net.parametersToArray();
        }
    }

    @Test
    void theDistributedPathGivesTheLocalRunsBits() {
        List<UnaryOperator<Trainer.Builder>> configs = List.of(
                b -> b.stepRule(new StepRule.Sgd(0.1f)).schedule(Schedule.joint(3, 2)),
                b -> b.stepRule(new StepRule.Adam(0.01f)).schedule(Schedule.joint(3, 2)),
                b -> b.stepRule(new StepRule.Normalized(0.05f)).iterate(IterateRule.BEST_MINIBATCH)
                        .schedule(Schedule.alternating(3, 1, 2, AlternatingSchedule.Order.TOP_DOWN)));
        for (var c : configs) {
            try (Dataset data = TrainerTest.blobs(300, 1); InMemoryRows rows = new InMemoryRows(data, Kernels.panama(1))) {
                assertArrayEquals(train(data, null, c), train(data, rows, c));
            }
        }
    }

    @Test
    void everyPhaseIsAnnouncedWithItsFrozenLayersAndEnded() {
        try (Dataset data = TrainerTest.blobs(120, 1); InMemoryRows rows = new InMemoryRows(data, Kernels.panama(1))) {
            train(data, rows, b -> b.stepRule(new StepRule.Normalized(0.05f)).schedule(Schedule.alternating(3, 1, 1, AlternatingSchedule.Order.BOTTOM_UP)));
            assertEquals(List.of("start 0", "end", "start 1", "end", "start 2", "end"), rows.events);
        }
    }

    @Test
    void whatNeedsTheRowsHereIsRefused() {
        try (Dataset data = TrainerTest.blobs(60, 1); InMemoryRows rows = new InMemoryRows(data, Kernels.panama(1)); Network net = TrainerTest.mlp(1)) {
            var probe = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder(net, rows).stepRule(new StepRule.Normalized(0.1f)).iterate(IterateRule.BEST_PROBE).build());
            assertTrue(probe.getMessage().contains("best-probe"), probe.getMessage());
        }
        float[] x = new float[40 * 6];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        try (Dataset same = Dataset.regression("autoencoder", x, 40, 6, x.clone(), 6); InMemoryRows rows = new InMemoryRows(same, Kernels.panama(1));
             Network ae = Network.builder(6).dense(5, Activation.leakyRelu()).dense(4, Activation.leakyRelu()).dense(5, Activation.leakyRelu())
                     .dense(6, Activation.identity()).loss(Loss.MSE).build().initialize(Init.TORCH, 1)) {
            var path = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder(ae, rows).stepRule(new StepRule.Normalized(0.1f)).schedule(Schedule.outsideIn(4, 1, 1)).build().run());
            assertTrue(path.getMessage().contains("trains along a path"), path.getMessage());
        }
    }
}
