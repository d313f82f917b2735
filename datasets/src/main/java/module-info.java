/** Loaders for the paper's data (IDX, …) and named data sets; they produce core's Dataset. */
module dante.datasets {
    requires transitive dante.core;
    requires java.desktop;
    requires us.hebi.matlab.mat.mfl.core;
    exports dante.datasets;
}
