package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dante.core.nn.Activation;
import dante.core.nn.Network;
import dante.core.train.StepRule;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

/**
 * Every step rule on w = (1, −2) with gradients (0.5, −1) then (0.25, 0.5), against the
 * two steps worked out by hand (the arithmetic is in the comments).
 */
class StepRuleTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                // w − 0.1·g twice
                Arguments.of(new StepRule.Sgd(0.1f), 0.95, -1.9, 0.925, -1.95),
                // v1 = g1, w1 = w − 0.1·v1; v2 = 0.9·v1 + g2 = (0.7, −0.4), w2 = w1 − 0.1·v2
                Arguments.of(new StepRule.Momentum(0.1f, 0.9f, false), 0.95, -1.9, 0.88, -1.86),
                // Nesterov: w −= 0.1·(g + 0.9·v): (0.095, −0.19), then (0.088, 0.014)
                Arguments.of(new StepRule.Momentum(0.1f, 0.9f, true), 0.905, -1.81, 0.817, -1.824),
                // Adam: step 1 moves each weight by lr·sign(g); step 2 by lr·m̂/(√v̂ + ε) with m̂ = (0.3684, −0.2105), √v̂ = (0.3952, 0.7905)
                Arguments.of(new StepRule.Adam(0.1f), 0.9, -1.9, 0.8067820404774624, -1.873366297370903),
                // Adagrad: s1 = g1², step lr·sign; s2 = (0.3125, 1.25), step 0.1·(0.25/0.5590, 0.5/1.1180)
                Arguments.of(new StepRule.Adagrad(0.1f), 0.9, -1.9, 0.8552786404780043, -1.9447213595559958),
                // RMSProp α = 0.99: s1 = 0.01·g1², step 0.1·g1/√s1 = (1, −1); s2 = (0.0031, 0.0124)
                Arguments.of(new StepRule.RmsProp(0.1f), 0.0, -1.0, -0.4490129744218298, -1.4490133147443505),
                // SNGD: 0.1·g/‖g‖ with ‖g1‖ = √1.25, ‖g2‖ = √0.3125
                Arguments.of(new StepRule.Normalized(0.1f), 0.9552786404500042, -1.9105572809000084, 0.9105572809000084, -2.0),
                // v ← 0.9·v + g/‖g‖; w −= 0.1·v
                Arguments.of(new StepRule.NormalizedMomentum(0.1f, 0.9f), 0.9552786404500042, -1.9105572809000084, 0.8703080573050122, -1.9195015528100077));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void twoStepsMatchTheHandComputation(StepRule rule, double w1a, double w1b, double w2a, double w2b) {
        for (Kernels k : new Kernels[] {Kernels.scalar(1), Kernels.panama(1)}) {
            try (Network net = Network.builder(2).dense(1, Activation.identity(), false).build();
                 StepRule.Stepper s = rule.bind(net)) {
                net.loadParameters(new float[] {1f, -2f});
                FloatMatrix g = FloatMatrix.wrap(new float[] {0.5f, -1f}, 1, 2);
                s.step(k, 0, g, k.frobeniusNorm(g));
                assertArrayEquals(new float[] {(float) w1a, (float) w1b}, net.parametersToArray(), 2e-6f, rule.describe() + " step 1");
                g = FloatMatrix.wrap(new float[] {0.25f, 0.5f}, 1, 2);
                s.step(k, 0, g, k.frobeniusNorm(g));
                assertArrayEquals(new float[] {(float) w2a, (float) w2b}, net.parametersToArray(), 4e-6f, rule.describe() + " step 2");
            }
        }
    }

    @Test
    void normalizedRulesSkipAZeroGradient() {
        for (StepRule rule : new StepRule[] {new StepRule.Normalized(0.1f), new StepRule.NormalizedMomentum(0.1f, 0.5f)}) {
            try (Network net = Network.builder(2).dense(1, Activation.identity(), false).build(); StepRule.Stepper s = rule.bind(net)) {
                net.loadParameters(new float[] {1f, -2f});
                assertFalse(s.step(Kernels.best(), 0, FloatMatrix.wrap(new float[2], 1, 2), 0.0));
                assertArrayEquals(new float[] {1f, -2f}, net.parametersToArray());
            }
        }
    }

    @Test
    void stateDictRoundTripsAndContinuesExactly() {
        StepRule rule = new StepRule.Adam(0.05f);
        FloatMatrix g1 = FloatMatrix.wrap(new float[] {0.5f, -1f}, 1, 2), g2 = FloatMatrix.wrap(new float[] {0.25f, 0.5f}, 1, 2);
        Kernels k = Kernels.best();
        try (Network a = Network.builder(2).dense(1, Activation.identity(), false).build();
             Network b = Network.builder(2).dense(1, Activation.identity(), false).build();
             StepRule.Stepper sa = rule.bind(a); StepRule.Stepper sb = rule.bind(b)) {
            a.loadParameters(new float[] {1f, -2f});
            sa.step(k, 0, g1, k.frobeniusNorm(g1));
            b.copyParametersFrom(a);
            sb.loadStateDict(sa.stateDict());
            sa.step(k, 0, g2, k.frobeniusNorm(g2));
            sb.step(k, 0, g2, k.frobeniusNorm(g2));
            assertArrayEquals(a.parametersToArray(), b.parametersToArray());
            assertThrows(IllegalArgumentException.class, () -> new StepRule.Sgd(0.1f).bind(a).loadStateDict(sa.stateDict()));
        }
    }

    @Test
    void badHyperparametersAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StepRule.Momentum(0.1f, 1.5f, false));
        assertEquals("momentum: momentum must be in [0, 1), found 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StepRule.Sgd(-1f));
        assertThrows(IllegalArgumentException.class, () -> new StepRule.Sgd(Float.NaN));
    }
}
