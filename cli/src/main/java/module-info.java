/** The dante command: train, compare, info. */
module dante.cli {
    requires dante.datasets;
    requires info.picocli;
    opens dante.cli to info.picocli;
}
