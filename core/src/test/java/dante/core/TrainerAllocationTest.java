package dante.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingListener;
import dante.kernels.Kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A step allocates nothing, with a listener attached: once the JIT has compiled the loop,
 * some window of 200 consecutive steps late in the run allocates 0 bytes on the training
 * thread (read from the JVM's per-thread allocation counter inside the listener, which is
 * itself allocation-free). A window, not every window: a late JIT compilation may still
 * allocate once.
 */
class TrainerAllocationTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "dante"})
    void aStepAllocatesNothingWithAListenerAttached(String method) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        int epochs = 48;                                  // a small net: the JIT needs some 3000 steps to compile every kernel
        long[] at20 = new long[epochs], at220 = new long[epochs];
        TrainingListener probe = new TrainingListener() {
            @Override
            public void stepped(Progress p) {
                int e = (int) (p.samplesSeen() / (16L * p.stepsPerEpoch()));
                if (e >= epochs) return;
                if (p.stepInEpoch() == 20) at20[e] = mx.getCurrentThreadAllocatedBytes();
                if (p.stepInEpoch() == 220) at220[e] = mx.getCurrentThreadAllocatedBytes();
            }
        };
        try (Dataset train = TrainerTest.clusters("alloc", 256 * 16, 3, 24, 4, 0.8, 1);
             Network net = Network.builder(24).dense(20, Activation.leakyRelu()).dense(12, Activation.leakyRelu()).dense(4, Activation.softmax())
                     .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 2)) {
            Trainer.Builder b = Trainer.builder(net, train).kernels(Kernels.best()).batchSize(16).seed(1).evaluateTrainLoss(false).listener(probe);
            switch (method) {
                case "sgd" -> b.stepRule(new StepRule.Sgd(0.01f)).schedule(Schedule.joint(3, epochs));
                case "adam" -> b.stepRule(new StepRule.Adam(0.001f)).schedule(Schedule.joint(3, epochs));
                default -> b.stepRule(new StepRule.Normalized(0.01f)).schedule(Schedule.alternating(3, 1, epochs / 3 + 1, AlternatingSchedule.Order.BOTTOM_UP));
            }
            b.build().run();
        }
        List<Long> windows = new ArrayList<>();
        for (int e = 3 * epochs / 4; e < epochs; e++) if (at20[e] > 0 && at220[e] > 0) windows.add(at220[e] - at20[e]);
        assertEquals(epochs - 3 * epochs / 4, windows.size(), "every late epoch had a window: " + windows);
        assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
                method + ": bytes allocated over 200 steps, per late epoch: " + windows);
    }
}
