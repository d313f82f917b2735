/** The dante command: info, demo, train, compare, eval, predict, reproduce. */
module dante.cli {
    requires dante.datasets;
    requires info.picocli;
    requires java.desktop;
    requires org.jfree.jfreechart;
    requires org.apache.xmlgraphics.batik.svggen;
    requires java.xml;
    requires me.tongfei.progressbar;
    requires liblinear;
    opens dante.cli to info.picocli;
    exports dante.cli;                      // Main, for spark-submit's main class
}
