package dante.core.train;

import dante.core.nn.Network;
import dante.kernels.FloatMatrix;

/**
 * Training rows that live elsewhere (a cluster's executors), for a {@link Trainer} built with
 * {@link Trainer#builder(Network, DistributedRows)}. The trainer keeps everything that makes a
 * run what it is (the schedule and its phases, the step rule and its state, the seeded shuffle,
 * budgets, evaluations, checkpoints, the iterate rule); this supplies, for each minibatch of
 * rows it names, the mean loss and the trainable layers' mean gradients, and the training
 * set's loss and accuracy at evaluations. Implementations hold no state the trainer needs
 * back, so a run on them and a local run of the same configuration take the same steps on
 * the same rows, and differ only by the order floating-point sums are taken in.
 */
public interface DistributedRows extends AutoCloseable {
    /**
     * Rows in the training set; the trainer shuffles the indices 0..size−1.
     *
     * @return the number of rows
     */
    int size();

    /**
     * Width of a row's features.
     *
     * @return the number of features
     */
    int features();

    /**
     * Width of a row's targets (one-hot for classes).
     *
     * @return the number of targets
     */
    int outputs();

    /**
     * Whether the rows carry class labels (accuracy is then reported).
     *
     * @return true for classification
     */
    boolean isClassification();

    /**
     * A phase begins: until {@link #phaseEnded()} only the layers marked in {@code trainable}
     * change, so the output of the layers below {@code frozenBelow} (the lowest trainable
     * layer) may be computed once and kept with the rows.
     *
     * @param net the network, its parameters as the phase starts
     * @param trainable per layer, whether it trains in this phase
     * @param frozenBelow the lowest trainable layer
     */
    void phaseStarted(Network net, boolean[] trainable, int frozenBelow);

    /** The phase is over; whatever it kept may be dropped. */
    void phaseEnded();

    /**
     * The mean loss over the rows {@code order[start], …, order[start + rows − 1]} under the
     * network's current parameters, and for each layer l with {@code trainable[l]} the mean
     * gradient of that loss written into {@code gradients[l]} (shaped as
     * {@link dante.core.nn.Workspace#gradient(int)}).
     *
     * @param net the network (its current parameters)
     * @param order the epoch's permutation of row indices
     * @param start where the minibatch starts in {@code order}
     * @param rows the minibatch's size
     * @param trainable per layer, whether its gradient is wanted
     * @param gradients per layer, where its gradient goes (only trainable layers are written)
     * @return the minibatch's mean loss
     */
    double lossAndGradients(Network net, int[] order, int start, int rows, boolean[] trainable, FloatMatrix[] gradients);

    /**
     * {mean loss, accuracy (NaN for regression)} of the network over every row.
     *
     * @param net the network
     * @return {mean loss, accuracy}
     */
    double[] evaluate(Network net);

    @Override
    void close();
}
