package dante.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;

/** One way to assemble a run ({@link Recipe}, {@link RunSettings}), one record-keeper for both trainers, and a divergence that keeps what the run did. */
class RecipeTest {
    private static final Kernels K = Kernels.scalar(1);

    private static Network net(long seed) {
        return Network.builder(12).dense(16, Activation.leakyRelu()).dense(3, Activation.identity()).loss(Loss.MSE).build().initialize(Init.HE, seed);
    }

    @Test
    void aRecipeTrainsBitForBitWhatTheBuilderChainItReplacesTrains() {
        Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.05f).withRounds(3).withEpochs(3);
        for (Method m : List.of(Method.SGD, Method.DANTE, Method.ADAM, Method.AM_ADAM)) {
            try (Dataset data = AuxiliaryTrainerTest.teacher(600, 3); Network a = net(4); Network b = net(4)) {
                RunSettings s = RunSettings.builder().kernels(K).batchSize(32).seed(9).evaluateAtPoints(4).build();
                Trainer.Result viaRecipe = Recipe.of(m, h).run(a, data, s);
                Trainer.Result viaBuilder = m == Method.AM_ADAM
                        ? AuxiliaryTrainer.builder(b, data, AuxiliaryTrainer.AmAdam.defaults().withLearningRate(0.05f)).kernels(K).batchSize(32).seed(9)
                                .evaluateAtPoints(4).epochs(3).build().run()
                        : Trainer.builder(b, data).kernels(K).batchSize(32).seed(9).evaluateAtPoints(4).stepRule(m.stepRule(h))
                                .schedule(m.schedule(b.depth(), h)).build().run();
                assertArrayEquals(b.parametersToArray(), a.parametersToArray(), m.spec());
                assertEquals(numbers(viaBuilder), numbers(viaRecipe), m.spec());
            }
        }
    }

    /** A history without its timings. */
    private static List<List<Object>> numbers(Trainer.Result r) {
        return r.history().rows().stream().map(x -> List.<Object>of(x.epoch(), x.weightsUpdated(), x.trainLoss(), x.validationLoss(), x.testLoss())).toList();
    }

    @Test
    void admmsPenaltyIsItsOwnParameterNotALearningRate() {
        Recipe r = Recipe.of(Method.ADMM, Method.Hyper.defaults()).withTuned(3f);
        assertEquals(3.0, r.admm().beta());
        assertEquals(Method.Hyper.defaults().learningRate(), r.hyper().learningRate(), "the grid's value went to β, not to a rate");
        assertEquals(3f, r.tuned());
        assertEquals(0.02f, Recipe.of(Method.AM_ADAM, Method.Hyper.defaults()).withTuned(0.02f).amAdam().lrOut(), "am-adam's grid sets both its rates");
        assertEquals(0.02f, Recipe.of(Method.SGD, Method.Hyper.defaults()).withTuned(0.02f).hyper().learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Recipe(Method.ADMM, Method.Hyper.defaults(), LearningRateSchedule.CONSTANT,
                IterateRule.LAST, 2048, 0, false, 5, AuxiliaryTrainer.Admm.defaults(), AuxiliaryTrainer.AmAdam.defaults()));
        assertTrue(e.getMessage().contains("--eval-every"), e.getMessage());
    }

    @Test
    void aDivergenceCarriesThePartialRunWithItsPlannedBudget() {
        try (Dataset data = AuxiliaryTrainerTest.teacher(300, 5); Network n = net(2)) {
            float[] start = n.parametersToArray();
            Schedule sch = Schedule.joint(2, 40);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                    Trainer.builder(n, data).kernels(K).stepRule(new StepRule.Sgd(1e3f)).schedule(sch).seed(1).build().run());
            Trainer.Result p = e.partial();
            assertEquals(BudgetPlan.of(n, sch, 300, 64, Long.MAX_VALUE).weightsUpdated(), p.plannedWeightsUpdated(), "the budget the run planned (lost with the exception before)");
            assertTrue(p.steps() > 0 && p.weightsUpdated() > 0, "the counters where it stopped: " + p.steps() + " steps");
            assertEquals(e.history().rows(), p.history().rows());
            assertEquals(start.length, n.parametersToArray().length);
            for (float v : n.parametersToArray()) assertTrue(Float.isFinite(v), "the last good weights");
        }
    }

    @Test
    void bothTrainersShareOneGuardAndOneMessage() {
        try (Dataset data = AuxiliaryTrainerTest.teacher(300, 5); Network a = net(2); Network b = net(2)) {
            TrainingDivergedException t = assertThrows(TrainingDivergedException.class, () ->
                    Trainer.builder(a, data).kernels(K).stepRule(new StepRule.Momentum(0.05f, 0.999f, false)).schedule(Schedule.joint(2, 60))
                            .evaluateEverySteps(1).seed(1).build().run());
            TrainingDivergedException x = assertThrows(TrainingDivergedException.class, () ->
                    AuxiliaryTrainer.builder(b, data, new AuxiliaryTrainer.AmAdam(50f, 50f, 0.003, 0, 5, 0.3f, 0.9f, 1, 0)).kernels(K).epochs(30).build().run());
            for (TrainingDivergedException e : List.of(t, x)) {
                assertTrue(e.getMessage().startsWith("training diverged "), e.getMessage());
                assertTrue(e.getMessage().contains("the network holds the weights of the last good evaluation"), e.getMessage());
                assertTrue(e.partial().plannedWeightsUpdated() > 0, e.getMessage());
            }
        }
    }
}
