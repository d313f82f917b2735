package dante.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dante.core.model.AtomicFiles;
import dante.core.train.HistoryRow;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import dante.core.protocol.Protocol;
import org.apache.batik.svggen.SVGGraphics2D;

/**
 * The paper's picture: training loss, test loss and (for classification) test accuracy
 * against the number of weights updated, one line per method, DANTE blue and SGD green; for a
 * comparison the mean over seeds with a min–max band, and the same against wall time. PNG and
 * SVG, written atomically. Drawn with JFreeChart, exported to SVG with Apache Batik's SVG generator. Axis numbers
 * read as people write them (50 M, 1.5 G; seconds as 0.5 s, 2 min).
 */
final class Plots {
    private Plots() {}

    record Line(String label, List<HistoryRow> rows) {}

    private static final Color BLUE = new Color(0x1f77b4), GREEN = new Color(0x2ca02c);
    private static final Color[] OTHERS = {new Color(0xff7f0e), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static Color colour(String label, int index) {
        String l = label.toLowerCase(java.util.Locale.ROOT);
        if (l.startsWith("dante")) return BLUE;
        if (l.startsWith("sgd")) return GREEN;
        return OTHERS[index % OTHERS.length];
    }

    /**
     * Draws a throwaway chart on a daemon thread, so that loading and initializing the
     * charting, PNG and SVG classes (about half a second on a cold JVM) overlaps the data
     * loading and training instead of following them. Failures are ignored: the real drawing
     * reports its own.
     */
    static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                List<HistoryRow> rows = List.of(new HistoryRow(0, -1, "-", 0, 0.1, 1, Double.NaN, Double.NaN, 1, 0.1, 0),
                        new HistoryRow(1, 0, "0", 10, 0.1, 0.5, Double.NaN, Double.NaN, 0.6, 0.5, 1));
                JFreeChart chart = lineChart("warm-up", List.of(new Line("warm-up", rows)));
                ChartUtils.writeChartAsPNG(new ByteArrayOutputStream(), chart, 90, 60);
                svg(chart, 90, 60);
            } catch (Exception | LinkageError e) {
                // a warm-up only
            }
        }, "dante-plot-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Writes {@code base.png} and {@code base.svg} in {@code dir}: one run per line. */
    static void write(Path dir, String base, String title, List<Line> lines) {
        boolean accuracy = hasAccuracy(lines);
        save(dir, base, lineChart(title, lines), accuracy ? 3 : 2);
    }

    private static boolean hasAccuracy(List<Line> lines) {
        return lines.stream().anyMatch(l -> l.rows().stream().anyMatch(r -> !Double.isNaN(r.testAccuracy())));
    }

    /** Training loss, test loss and (where recorded) test accuracy against weights updated, one line per run. */
    private static JFreeChart lineChart(String title, List<Line> lines) {
        NumberAxis x = axis("weights updated", false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.add(panel(lines, "training loss", HistoryRow::trainLoss), 1);
        plot.add(panel(lines, "test loss", HistoryRow::testLoss), 1);
        if (hasAccuracy(lines)) plot.add(panel(lines, "test accuracy", HistoryRow::testAccuracy), 1);
        return chart(title, plot);
    }

    /**
     * A comparison's pictures: {@code base} against weights updated and {@code base-time}
     * against training seconds; each method's chosen configuration as the mean over seeds with
     * a min–max band, its legend naming the configuration and the number of seeds.
     */
    static void writeComparison(Path dir, String base, String title, Protocol.Outcome o) {
        int points = 40;
        for (Protocol.Run r : o.selections().get(0).runs()) if (!r.failed()) points = Math.max(2, Math.min(200, r.history().size() - 1));
        boolean accuracy = o.classification();
        // budgets that differ (ADMM's full-batch iterations against minibatch methods) squeeze the smaller ones against the
        // weights-updated axis: then the runs are drawn against epochs too
        boolean differ = o.selections().stream().anyMatch(x -> !Protocol.Outcome.sameBudget(x, o.selections().get(0)));
        for (Protocol.Axis x : differ ? Protocol.Axis.values() : new Protocol.Axis[] {Protocol.Axis.WEIGHTS_UPDATED, Protocol.Axis.SECONDS}) {
            boolean time = x == Protocol.Axis.SECONDS;
            CombinedDomainXYPlot plot = new CombinedDomainXYPlot(axis(switch (x) {
                case SECONDS -> "training time";
                case EPOCHS -> "epochs (passes over the training set; an ADMM iteration is one)";
                case WEIGHTS_UPDATED -> "weights updated";
            }, time));
            plot.add(bandPanel(o, Protocol.Metric.TRAIN_LOSS, x, points), 1);
            plot.add(bandPanel(o, Protocol.Metric.TEST_LOSS, x, points), 1);
            if (accuracy) plot.add(bandPanel(o, Protocol.Metric.TEST_ACCURACY, x, points), 1);
            String suffix = switch (x) { case SECONDS -> "-time"; case EPOCHS -> "-epochs"; case WEIGHTS_UPDATED -> ""; };
            String note = switch (x) { case SECONDS -> " (against training time)"; case EPOCHS -> " (against epochs)"; case WEIGHTS_UPDATED -> ""; };
            save(dir, base + suffix, chart(title + note, plot), accuracy ? 3 : 2);
        }
    }

    /** The longest title drawn: JFreeChart breaks a title into lines by measuring it, which took minutes for a 30 000-layer architecture. */
    static final int MAX_TITLE = 300;

    private static JFreeChart chart(String title, CombinedDomainXYPlot plot) {
        if (title.length() > MAX_TITLE) title = title.substring(0, MAX_TITLE - 1) + "…";
        JFreeChart chart = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void save(Path dir, String base, JFreeChart chart, int panels) {
        int w = 900, h = 160 + 230 * panels;
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, w, h);
            AtomicFiles.write(dir.resolve(base + ".png"), png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + dir.resolve(base + ".png") + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(dir.resolve(base + ".svg"), svg(chart, w, h));
    }

    /** The chart as an SVG document, drawn by Batik's SVG generator on the JDK's own DOM. */
    static byte[] svg(JFreeChart chart, int w, int h) {
        try {
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
            SVGGraphics2D g = new SVGGraphics2D(doc);
            g.setSVGCanvasSize(new java.awt.Dimension(w, h));
            chart.draw(g, new Rectangle(0, 0, w, h));
            java.io.StringWriter out = new java.io.StringWriter();
            g.stream(out, true);
            g.dispose();
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (javax.xml.parsers.ParserConfigurationException | IOException e) {
            throw new IllegalStateException("cannot draw an SVG: " + e.getMessage(), e);
        }
    }

    private static XYPlot panel(List<Line> lines, String label, java.util.function.ToDoubleFunction<HistoryRow> read) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Line line : lines) {
            XYSeries s = new XYSeries(line.label(), false, true);
            for (HistoryRow row : line.rows()) {
                double v = read.applyAsDouble(row);
                if (!Double.isNaN(v)) s.add(row.weightsUpdated(), v);
            }
            data.addSeries(s);
            r.setSeriesPaint(i, colour(line.label(), i));
            r.setSeriesStroke(i, new BasicStroke(2f));
            i++;
        }
        if (!label.equals("training loss")) r.setDefaultSeriesVisibleInLegend(false);     // one legend entry per method
        return styled(new XYPlot(data, null, axis(label, false, true), r));
    }

    private static XYPlot bandPanel(Protocol.Outcome o, Protocol.Metric m, Protocol.Axis x, int points) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.18f);
        int i = 0;
        for (Protocol.Selection s : o.selections()) {
            Protocol.Band b = Protocol.band(s, m, x, points);
            long ok = s.runs().stream().filter(run -> !run.failed()).count();
            String key = s.method() + " (" + s.chosen().label() + ", " + ok + " seed" + (ok == 1 ? "" : "s") + ")";
            YIntervalSeries ser = new YIntervalSeries(key, false, true);
            for (int j = 0; j < b.x().length; j++) {
                if (!Double.isNaN(b.mean()[j]) && !Double.isNaN(b.x()[j])) ser.add(b.x()[j], b.mean()[j], b.min()[j], b.max()[j]);
            }
            data.addSeries(ser);
            Color c = colour(s.method(), i);
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
            i++;
        }
        if (m != Protocol.Metric.TRAIN_LOSS) r.setDefaultSeriesVisibleInLegend(false);
        return styled(new XYPlot(data, null, axis(m.label + " (mean, min–max)", false, true), r));
    }

    private static XYPlot styled(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    private static NumberAxis axis(String label, boolean seconds) { return axis(label, seconds, false); }

    private static NumberAxis axis(String label, boolean seconds, boolean range) {
        NumberAxis a = new NumberAxis(label);
        if (range) {
            a.setAutoRangeIncludesZero(false);
        } else {
            a.setNumberFormatOverride(seconds ? new Readable(true) : new Readable(false));
        }
        return a;
    }

    /** 0, 50 M, 1.5 G for counts; 0.5 s, 45 s, 2 min, 1.5 h for seconds. */
    static final class Readable extends java.text.NumberFormat {
        private final boolean seconds;

        Readable(boolean seconds) { this.seconds = seconds; }

        static String format(double v, boolean seconds) {
            if (v == 0) return "0";
            double a = Math.abs(v);
            if (seconds) {
                if (a < 60) return trim(v) + " s";
                if (a < 3600) return trim(v / 60) + " min";
                return trim(v / 3600) + " h";
            }
            if (a >= 1e9) return trim(v / 1e9) + " G";
            if (a >= 1e6) return trim(v / 1e6) + " M";
            if (a >= 1e3) return trim(v / 1e3) + " k";
            return trim(v);
        }

        private static String trim(double v) {
            String s = String.format(java.util.Locale.ROOT, "%.2f", v);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }

        @Override
        public StringBuffer format(double number, StringBuffer to, java.text.FieldPosition pos) { return to.append(format(number, seconds)); }

        @Override
        public StringBuffer format(long number, StringBuffer to, java.text.FieldPosition pos) { return to.append(format((double) number, seconds)); }

        /** Reads back what {@link #format(double, boolean)} writes ("50 M", "1.5 min"), so the format is a true NumberFormat. */
        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            String s = source.substring(pos.getIndex()).trim();
            String[] units = seconds ? new String[] {" h", " min", " s"} : new String[] {" G", " M", " k"};
            double[] scale = seconds ? new double[] {3600, 60, 1} : new double[] {1e9, 1e6, 1e3};
            double factor = 1;
            for (int u = 0; u < units.length; u++) {
                if (s.endsWith(units[u])) { s = s.substring(0, s.length() - units[u].length()); factor = scale[u]; break; }
            }
            try {
                double v = Double.parseDouble(s) * factor;
                pos.setIndex(source.length());
                return v;
            } catch (NumberFormatException e) {
                pos.setErrorIndex(pos.getIndex());
                return null;
            }
        }
    }
}
