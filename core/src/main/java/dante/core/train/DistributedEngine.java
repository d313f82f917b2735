package dante.core.train;

import dante.core.data.Dataset;

/**
 * Where a trainer's minibatch gradients are computed when not in this JVM ({@code dante train
 * --engine NAME}): the engine ships the training rows out and hands back the
 * {@link DistributedRows} the trainer steps on. Implementations are found with
 * {@link java.util.ServiceLoader}; the dante-spark module provides {@code spark}. The trainer,
 * its schedule, step rule, shuffle and outputs stay in the calling JVM.
 */
public interface DistributedEngine {
    /**
     * The value of {@code --engine} that selects this engine.
     *
     * @return the engine's name
     */
    String name();

    /**
     * Ships the training rows to the engine at {@code master} cut into {@code partitions}
     * (0: the engine's default) and returns them for {@link Trainer#builder(dante.core.nn.Network, DistributedRows)}.
     *
     * @param train the training set, read on the driver
     * @param master where the engine runs (its own URL syntax)
     * @param partitions how many slices (0: the engine's default)
     * @return the rows
     */
    DistributedRows rows(Dataset train, String master, int partitions);

    /**
     * One line on where the rows went, for the run's summary (e.g. {@code spark local[2], 4 partitions}).
     *
     * @param rows rows this engine made
     * @param master where they went
     * @return the line
     */
    String describe(DistributedRows rows, String master);

    /**
     * The engine named {@code name} on the class path.
     *
     * @param name the engine's name
     * @return the engine, or empty when none of that name is on the class path
     */
    static java.util.Optional<DistributedEngine> find(String name) {
        for (DistributedEngine e : java.util.ServiceLoader.load(DistributedEngine.class)) {
            if (e.name().equals(name)) return java.util.Optional.of(e);
        }
        return java.util.Optional.empty();
    }

    /**
     * The names of the engines on the class path.
     *
     * @return the names, in the service loader's order
     */
    static java.util.List<String> available() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (DistributedEngine e : java.util.ServiceLoader.load(DistributedEngine.class)) names.add(e.name());
        return names;
    }
}
