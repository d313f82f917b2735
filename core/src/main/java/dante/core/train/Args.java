package dante.core.train;

import java.util.SplittableRandom;

import dante.core.data.Dataset;
import dante.core.nn.Network;

/** The checks and small pieces both trainers ({@link Trainer}, {@link AuxiliaryTrainer}) share, with one wording. */
final class Args {
    private Args() {}

    static int batch(int b) {
        if (b < 1) throw new IllegalArgumentException("batch size must be at least 1, found " + b);
        return b;
    }

    static int evalPoints(int k) {
        if (k < 0 || k > 100_000) throw new IllegalArgumentException("evaluation points must be in 0..100000, found " + k);
        return k;
    }

    static long budget(long weights) {
        if (weights < 1) throw new IllegalArgumentException("weights-updated budget must be at least 1, found " + weights);
        return weights;
    }

    static double accuracy(double acc) {
        if (!(acc > 0 && acc <= 1)) throw new IllegalArgumentException("target accuracy must be in (0, 1], found " + acc);
        return acc;
    }

    static int checkpointEvery(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("checkpoint interval must be at least 1 epoch, found " + epochs);
        return epochs;
    }

    /** Refuses a data set that does not fit the network, or is empty; {@code what} names its role. */
    static void fits(Network net, Dataset d, String what) {
        if (d.featureCount() != net.inputs()) {
            throw new IllegalArgumentException(what + " " + d.name() + " has " + d.featureCount() + " features but the network takes " + net.inputs() + " inputs");
        }
        if (d.targetCount() != net.outputs()) {
            throw new IllegalArgumentException(what + " " + d.name() + " has " + d.targetCount() + " targets per example but the network has " + net.outputs() + " outputs");
        }
        if (d.size() == 0) throw new IllegalArgumentException(what + " " + d.name() + " is empty");
    }

    /** One Fisher–Yates pass over {@code perm} (the order every epoch's minibatches follow). */
    static void shuffle(int[] perm, SplittableRandom rnd) {
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
    }
}
