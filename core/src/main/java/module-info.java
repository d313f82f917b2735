/**
 * Dante's core: activations, losses, dense layers and networks, step rules (SGD, momentum,
 * Adam, Adagrad, RMSProp, SNGD), schedules, the trainer and safetensors model files.
 * No third-party dependency.
 */
module dante.core {
    requires transitive dante.kernels;
    exports dante.core.data;
    exports dante.core.nn;
    exports dante.core.train;
    exports dante.core.model;
    exports dante.core.protocol;
    uses dante.core.train.DistributedEngine;    // dante-spark provides "spark"
}
