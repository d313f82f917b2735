/** The dante command: info, demo, train, compare, eval. */
module dante.cli {
    requires dante.datasets;
    requires info.picocli;
    requires java.desktop;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;
    requires me.tongfei.progressbar;
    opens dante.cli to info.picocli;
}
