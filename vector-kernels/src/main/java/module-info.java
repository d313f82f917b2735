/**
 * Off-heap {@code float} matrices and the numerical kernels Dante trains with: one
 * {@link dante.kernels.Kernels} contract, a plain-Java reference and a Vector API twin.
 * The Vector API module is optional at run time: without it the scalar kernels run.
 */
module dante.kernels {
    requires static jdk.incubator.vector;
    requires static jdk.management;
    exports dante.kernels;
}
