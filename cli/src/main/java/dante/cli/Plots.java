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
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The paper's picture: test loss (and test accuracy, for classification) against the number
 * of weights updated, one line per method, DANTE blue and SGD green; PNG and SVG, written
 * atomically. Drawn with JFreeChart, exported to SVG with JFreeSVG.
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

    /** Writes {@code base.png} and {@code base.svg} in {@code dir}. */
    static void write(Path dir, String base, String title, List<Line> lines) {
        boolean accuracy = lines.stream().anyMatch(l -> l.rows().stream().anyMatch(r -> !Double.isNaN(r.testAccuracy())));
        NumberAxis x = new NumberAxis("weights updated");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.add(panel(lines, "test loss", false), 1);
        if (accuracy) plot.add(panel(lines, "test accuracy", true), 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        int w = 900, h = accuracy ? 760 : 480;
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, w, h);
            AtomicFiles.write(dir.resolve(base + ".png"), png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + dir.resolve(base + ".png") + ": " + e.getMessage(), e);
        }
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        chart.draw(g, new Rectangle(0, 0, w, h));
        AtomicFiles.write(dir.resolve(base + ".svg"), g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
    }

    private static XYPlot panel(List<Line> lines, String label, boolean accuracy) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Line line : lines) {
            XYSeries s = new XYSeries(line.label(), false, true);
            for (HistoryRow row : line.rows()) {
                double v = accuracy ? row.testAccuracy() : row.testLoss();
                if (!Double.isNaN(v)) s.add(row.weightsUpdated(), v);
            }
            data.addSeries(s);
            r.setSeriesPaint(i, colour(line.label(), i));
            r.setSeriesStroke(i, new BasicStroke(2f));
            i++;
        }
        if (accuracy) r.setDefaultSeriesVisibleInLegend(false);     // one legend entry per method
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        XYPlot p = new XYPlot(data, null, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
