package dante.cli;

import dante.core.data.Dataset;
import dante.core.train.DistributedRows;

/**
 * Where {@code dante train --engine NAME} computes its minibatch gradients when not in this JVM.
 * Implementations are found with {@link java.util.ServiceLoader}; the dante-spark module
 * provides {@code spark}. The trainer, its schedule, step rule, shuffle and outputs stay here.
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
     * (0: the engine's default) and returns them for {@link dante.core.train.Trainer#builder(dante.core.nn.Network, DistributedRows)}.
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
     * The engine named {@code name}, or a one-line error naming what is on the class path and how to get the rest.
     *
     * @param name the engine's name
     * @return the engine
     * @throws IllegalArgumentException when no engine of that name is on the class path
     */
    static DistributedEngine find(String name) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (DistributedEngine e : java.util.ServiceLoader.load(DistributedEngine.class)) {
            if (e.name().equals(name)) return e;
            found.add(e.name());
        }
        throw new IllegalArgumentException("--engine " + name + ": not on the class path (engines here: local" + (found.isEmpty() ? "" : ", " + String.join(", ", found))
                + "); --engine spark needs the dante-spark module, which ./dante adds when it sees --engine spark");
    }
}
