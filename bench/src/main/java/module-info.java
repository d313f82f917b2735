/** JMH benchmarks of Dante's kernels and training steps (run from the shaded benchmarks.jar). */
module dante.bench {
    requires dante.kernels;
    requires dante.core;
    requires jmh.core;
    exports dante.bench;
    exports dante.bench.jmh_generated;
}
