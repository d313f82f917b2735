package dante.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dante.core.data.Dataset;

/** Seeded train/test splits and k folds for sets without a standard split. */
public final class Splits {
    private Splits() {}

    /** A seeded permutation of 0..n−1. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /**
     * {train, test} with {@code round(testFraction·n)} test rows, both non-empty.
     *
     * @param d the data set
     * @param testFraction the test part's share, in (0, 1)
     * @param seed the permutation's seed
     * @return {train, test}, copies
     */
    public static Dataset[] trainTest(Dataset d, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("test fraction must be in (0, 1), found " + testFraction);
        int n = d.size(), nt = (int) Math.round(testFraction * n);
        if (nt < 1 || nt >= n) throw new IllegalArgumentException(d.name() + ": a test fraction of " + testFraction + " leaves " + nt + " of " + n + " rows for testing");
        int[] p = permutation(n, seed);
        int[] test = java.util.Arrays.copyOfRange(p, 0, nt), train = java.util.Arrays.copyOfRange(p, nt, n);
        return new Dataset[] {d.select(d.name() + "/train", train), d.select(d.name() + "/test", test)};
    }

    /** Which rows the validation split of {@link #trainValidation} holds out. */
    static boolean[] heldOut(Dataset d, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in (0, 1), found " + fraction);
        int n = d.size();
        int[] p = permutation(n, seed);
        boolean[] held = new boolean[n];
        int nv = 0;
        if (d.isClassification()) {
            int[] count = new int[d.classes()], want = new int[d.classes()], taken = new int[d.classes()];
            for (int label : d.labels()) count[label]++;
            int total = 0;
            for (int c = 0; c < count.length; c++) total += want[c] = (int) Math.round(fraction * count[c]);
            if (total == 0) {
                // many classes with few rows each all round to none: give round(fraction · n) rows to the classes
                // with the largest remainders (the first such classes on ties), at most one per class
                Integer[] order = new Integer[count.length];
                for (int c = 0; c < order.length; c++) order[c] = c;
                java.util.Arrays.sort(order, (a, b) -> Double.compare(fraction * count[b] % 1, fraction * count[a] % 1));
                int need = (int) Math.round(fraction * n);
                for (int i = 0; i < order.length && need > 0; i++) if (count[order[i]] > 1) { want[order[i]] = 1; need--; }
            }
            for (int r : p) {
                int c = d.labels()[r];
                if (taken[c] < want[c]) { held[r] = true; taken[c]++; nv++; }
            }
        } else {
            nv = (int) Math.round(fraction * n);
            for (int i = 0; i < nv; i++) held[p[i]] = true;
        }
        if (nv < 1 || nv >= n) {
            throw new IllegalArgumentException(d.name() + ": a validation fraction of " + fraction + " leaves " + nv + " of " + n + " rows for validation");
        }
        return held;
    }

    /**
     * {train, validation}: a seeded validation split of {@code fraction} of the rows, carved
     * from training data so hyperparameters are never chosen on the test set. Classification
     * sets are stratified: each class gives round(fraction · its count) rows, so the class
     * balance of both parts follows the whole; when that rounds every class to none (many
     * classes with few rows each), round(fraction · n) classes with the largest remainders give
     * one row each (never a class's only row). Both parts keep the
     * rows' order and are copies; {@code d} is left as it was.
     *
     * @param d the data set
     * @param fraction the validation part's share, in (0, 1)
     * @param seed the split's seed
     * @return {train, validation}, copies
     */
    public static Dataset[] trainValidation(Dataset d, double fraction, long seed) {
        boolean[] held = heldOut(d, fraction, seed);
        int nv = 0;
        for (boolean h : held) if (h) nv++;
        int[] tr = new int[d.size() - nv], va = new int[nv];
        for (int r = 0, a = 0, b = 0; r < d.size(); r++) { if (held[r]) va[b++] = r; else tr[a++] = r; }
        return new Dataset[] {d.select(d.name() + " less validation", tr), d.select(d.name() + " validation", va)};
    }

    /**
     * The same split as {@link #trainValidation}, made without a second copy of the training
     * rows (see {@link Dataset#partition}): the peak memory is the data plus its validation
     * part, not twice the data. {@code d} is consumed unless this throws.
     *
     * @param d the data set, consumed
     * @param fraction the validation part's share, in (0, 1)
     * @param seed the split's seed
     * @return {train, validation}
     */
    public static Dataset[] trainValidationInPlace(Dataset d, double fraction, long seed) {
        return d.partition(d.name() + " less validation", d.name() + " validation", heldOut(d, fraction, seed));
    }

    /**
     * k (train, test) pairs: fold f tests on every k-th row of a seeded permutation starting at f.
     *
     * @param d the data set
     * @param k the number of folds (2 to n)
     * @param seed the permutation's seed
     * @return the k pairs
     */
    public static List<Dataset[]> kFold(Dataset d, int k, long seed) {
        int n = d.size();
        if (k < 2 || k > n) throw new IllegalArgumentException("k folds: k must be in 2.." + n + ", found " + k);
        int[] p = permutation(n, seed);
        List<Dataset[]> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> tr = new ArrayList<>(), te = new ArrayList<>();
            for (int i = 0; i < n; i++) (i % k == f ? te : tr).add(p[i]);
            folds.add(new Dataset[] {d.select(d.name() + "/fold" + f + "-train", tr.stream().mapToInt(Integer::intValue).toArray()),
                    d.select(d.name() + "/fold" + f + "-test", te.stream().mapToInt(Integer::intValue).toArray())});
        }
        return folds;
    }
}
