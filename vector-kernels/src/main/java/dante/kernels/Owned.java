package dante.kernels;

/** Kernels that own a thread pool; the shared default instance is marked so that closing it does nothing. */
interface Owned {
    void markShared();
}
