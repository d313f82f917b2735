package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dante.core.data.Dataset;

import org.junit.jupiter.api.Test;

class TargetScalingTest {
    static Dataset targets(float... y) { return Dataset.regression("t", new float[y.length], y.length, 1, y, 1); }

    @Test
    void eachSpecMapsTheTrainingTargetsAsItSaysAndInvertsExactly() {
        float[] y = {100, 110, 120, 130, 1000};
        try (Dataset train = targets(y); Dataset minmax = targets(y); Dataset log = targets(y)) {
            TargetScaling s = TargetScaling.fit("standardize", train);
            s.apply(train);
            double mean = 0, sq = 0;
            for (int i = 0; i < y.length; i++) mean += train.targets().get(i, 0) / y.length;
            for (int i = 0; i < y.length; i++) sq += Math.pow(train.targets().get(i, 0) - mean, 2) / (y.length - 1);
            assertEquals(0, mean, 1e-6, "standardized targets have mean 0");
            assertEquals(1, sq, 1e-5, "and sample variance 1");
            for (int i = 0; i < y.length; i++) assertEquals(y[i], s.invert(train.targets().get(i, 0)), 1e-3, "invert undoes apply");

            TargetScaling m = TargetScaling.fit("minmax", minmax);
            m.apply(minmax);
            assertEquals(0f, minmax.targets().get(0, 0));
            assertEquals(1f, minmax.targets().get(4, 0));
            assertEquals(110, m.invert(minmax.targets().get(1, 0)), 1e-3);

            TargetScaling l = TargetScaling.fit("log1p+minmax", log);
            l.apply(log);
            assertEquals((Math.log1p(110) - Math.log1p(100)) / (Math.log1p(1000) - Math.log1p(100)), log.targets().get(1, 0), 1e-6);
            assertEquals(1000, l.invert(log.targets().get(4, 0)), 1e-2);
        }
    }

    @Test
    void aConstantTargetIsShiftedNeverDividedByZero() {
        try (Dataset d = targets(5, 5, 5)) {
            TargetScaling s = TargetScaling.fit("standardize", d);
            s.apply(d);
            assertEquals(0f, d.targets().get(2, 0));
            assertEquals(5, s.invert(0), 0);
        }
    }

    @Test
    void badSpecsAndImpossibleTargetsAreRefusedInOneLine() {
        try (Dataset d = targets(-2, 1, 3); Dataset c = Dataset.classification("c", new float[2], 2, 1, new int[] {0, 1}, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetScaling.fit("log1p+none", d));
            assertEquals("--target-scale: expected none, standardize, minmax, log1p+standardize or log1p+minmax, found 'log1p+none'", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TargetScaling.fit("log1p+minmax", d));
            assertTrue(e.getMessage().contains("target -2.0 ≤ −1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TargetScaling.fit("minmax", c));
            assertTrue(e.getMessage().contains("holds classes"), e.getMessage());
        }
    }
}
