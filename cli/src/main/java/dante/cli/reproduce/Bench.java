package dante.cli.reproduce;

import java.nio.file.Path;
import java.util.List;

import dante.core.data.Dataset;
import dante.datasets.TargetScaling;
import dante.kernels.Kernels;

/** What a verdict may ask of the command that ran the parts, beyond their outcomes: the data a part read and the models it wrote. */
public interface Bench {
    /**
     * The data a part trained on, loaded as compare loaded it.
     *
     * @param part the part
     * @param drop options of its command line to leave out (e.g. "--task", to read an autoencoder's data with its labels)
     * @return the data, to close
     */
    PartData data(Experiment.Part part, List<String> drop);

    /**
     * Where compare wrote the model of one run.
     *
     * @param done the part
     * @param method the method
     * @param run the run (its configuration and seed)
     * @return the model file
     */
    Path model(Experiment.Done done, String method, dante.core.protocol.Protocol.Run run);

    /**
     * A part's data with the kernels it was read with.
     *
     * @param train the training part
     * @param validation the validation split
     * @param test the test set
     * @param kernels the kernels
     * @param targetScaling how regression targets were scaled (null for classes)
     * @param closer frees the data and the kernels
     */
    record PartData(Dataset train, Dataset validation, Dataset test, Kernels kernels, TargetScaling targetScaling, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }
}
