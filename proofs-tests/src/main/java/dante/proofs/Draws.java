package dante.proofs;

import java.util.SplittableRandom;

/** Seeded draws for the Monte-Carlo experiments (Theorems 2 and 8), where instances are samples, not witnesses to shrink. */
final class Draws {
    private Draws() {}

    static double pick(SplittableRandom r, double... values) { return values[r.nextInt(values.length)]; }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A random vector of norm exactly {@code radius} (half the time) or uniform in the ball. */
    static double[] inBall(SplittableRandom r, int d, double radius) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) v[j] = gaussian(r);
        double n = Slqc.norm(v), target = r.nextBoolean() ? radius : radius * Math.pow(r.nextDouble(), 1.0 / d);
        for (int j = 0; j < d; j++) v[j] *= target / n;
        return v;
    }
}
