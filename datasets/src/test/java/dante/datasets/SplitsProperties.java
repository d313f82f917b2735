package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import dante.core.data.Dataset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The validation split: a partition of the training rows, stratified by class, the same for the same seed. */
class SplitsProperties {

    /** Row i has feature i (so rows can be traced) and a label drawn with skewed class sizes. */
    static Dataset traced(int n, int classes, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.min(classes - 1, (int) Math.floor(Math.pow(r.nextDouble(), 2) * classes));
        }
        return Dataset.classification("traced", x, n, 1, y, classes);
    }

    @Property(tries = 200)
    void theValidationSplitPartitionsTheRowsAndKeepsEachClassShare(@ForAll @IntRange(min = 2, max = 400) int n, @ForAll @IntRange(min = 1, max = 7) int classes,
                                                                    @ForAll @DoubleRange(min = 0.05, max = 0.5) double fraction, @ForAll long seed) {
        try (Dataset d = traced(n, classes, seed)) {
            Dataset[] parts;
            try {
                parts = Splits.trainValidation(d, fraction, seed);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("leaves"), e.getMessage());      // too few rows for a validation part: refused, with the counts
                return;
            }
            try (Dataset train = parts[0]; Dataset val = parts[1]) {
                Set<Float> seen = new HashSet<>();
                for (Dataset p : parts) for (int i = 0; i < p.size(); i++) assertTrue(seen.add(p.features().get(i, 0)), "row in one part only");
                assertEquals(n, seen.size(), "every row lands in a part");
                int[] all = new int[classes], held = new int[classes];
                for (int l : d.labels()) all[l]++;
                for (int l : val.labels()) held[l]++;
                long rounded = 0;
                for (int c = 0; c < classes; c++) rounded += Math.round(fraction * all[c]);
                for (int c = 0; c < classes; c++) {
                    if (rounded > 0) assertEquals(Math.round(fraction * all[c]), held[c], "class " + c + " gives its share");
                    else assertTrue(held[c] == 0 || held[c] == 1 && all[c] > 1, "every class rounds to none: at most one row a class, never its only row");
                }
                try (Dataset again = Splits.trainValidation(d, fraction, seed)[1]) {
                    assertArrayEquals(val.features().toArray(), again.features().toArray(), "the same seed gives the same split");
                }
            }
        }
    }

    /** Many classes with a few rows each (Tiny ImageNet cut short, a user's long tail): the split still holds round(fraction · n) rows, one a class at most. */
    @Property(tries = 150)
    void manySmallClassesStillGiveAValidationPart(@ForAll @IntRange(min = 10, max = 200) int classes, @ForAll @IntRange(min = 1, max = 4) int perClass,
                                                  @ForAll @DoubleRange(min = 0.05, max = 0.12) double fraction, @ForAll long seed) {
        int n = classes * perClass;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = i % classes; }
        org.junit.jupiter.api.Assumptions.assumeTrue(Math.round(fraction * perClass) == 0 && perClass > 1 && Math.round(fraction * n) >= 1);
        try (Dataset d = Dataset.classification("long tail", x, n, 1, y, classes); Dataset val = Splits.trainValidation(d, fraction, seed)[1]) {
            assertEquals(Math.round(fraction * n), val.size(), "round(fraction · n) rows");
            assertEquals(val.size(), java.util.Arrays.stream(val.labels()).distinct().count(), "one row a class at most");
        }
    }

    /** The in-place split (no second copy of the training rows) gives exactly the copying split, for classes and for regression. */
    @Property(tries = 150)
    void theInPlaceSplitEqualsTheCopyingSplit(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll @IntRange(min = 0, max = 5) int classes,
                                              @ForAll @IntRange(min = 1, max = 5) int width, @ForAll @DoubleRange(min = 0.05, max = 0.5) double fraction,
                                              @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n * width];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = classes == 0 ? 0 : r.nextInt(classes);
        float[] t = new float[n * 2];
        for (int i = 0; i < t.length; i++) t[i] = (float) r.nextDouble();
        try (Dataset copySource = classes == 0 ? Dataset.regression("d", x, n, width, t, 2) : Dataset.classification("d", x, n, width, y, classes)) {
            Dataset[] copied;
            try {
                copied = Splits.trainValidation(copySource, fraction, seed);
            } catch (IllegalArgumentException e) {
                Dataset moved = classes == 0 ? Dataset.regression("d", x, n, width, t, 2) : Dataset.classification("d", x, n, width, y, classes);
                assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationInPlace(moved, fraction, seed), "both refuse");
                assertEquals(n, moved.size(), "a refused split leaves the data usable");
                moved.close();
                return;
            }
            Dataset source = classes == 0 ? Dataset.regression("d", x, n, width, t, 2) : Dataset.classification("d", x, n, width, y, classes);
            Dataset[] inPlace = Splits.trainValidationInPlace(source, fraction, seed);
            source.close();                                                   // consumed: closing it must not free the kept rows
            try (Dataset a = copied[0]; Dataset b = copied[1]; Dataset c = inPlace[0]; Dataset e = inPlace[1]) {
                for (int k = 0; k < 2; k++) {
                    Dataset want = copied[k], got = inPlace[k];
                    assertEquals(want.name(), got.name());
                    assertArrayEquals(want.features().toArray(), got.features().toArray(), "features of part " + k);
                    assertArrayEquals(want.targets().toArray(), got.targets().toArray(), "targets of part " + k);
                    if (classes > 0) assertArrayEquals(want.labels(), got.labels(), "labels of part " + k);
                }
            }
        }
    }

    @Property(tries = 50)
    void regressionSetsSplitByCount(@ForAll @IntRange(min = 10, max = 300) int n, @ForAll long seed) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = i; }
        try (Dataset d = Dataset.regression("reg", x, n, 1, y, 1)) {
            Dataset[] p = Splits.trainValidation(d, 0.1, seed);
            assertEquals(Math.round(0.1 * n), p[1].size());
            assertEquals(n, p[0].size() + p[1].size());
            p[0].close();
            p[1].close();
        }
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(traced(10, 2, 1), 1.0, 1));
    }
}
