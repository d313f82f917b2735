package dante.core.train;

/**
 * One evaluation. {@code epoch} counts passes over the training set (fractional between
 * epochs); {@code layer} is "all" or the trainable layers; {@code weightsUpdated} is the
 * paper's x-axis, the cumulative number of scalar parameters changed; {@code seconds} is
 * training time so far, evaluation excluded. Missing values are NaN.
 */
public record HistoryRow(double epoch, int phase, String layer, long weightsUpdated,
                         double trainLoss, double testLoss, double testAccuracy, double seconds) {

    public static final String CSV_HEADER = "epoch,phase,layer,weights_updated,train_loss,test_loss,test_accuracy,seconds";

    public String toCsv() {
        return fmt(epoch) + "," + phase + "," + layer + "," + weightsUpdated + "," + fmt(trainLoss) + ","
                + fmt(testLoss) + "," + fmt(testAccuracy) + "," + fmt(seconds);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) return "";
        return Double.toString(v);
    }

    /** Parses a line written by {@link #toCsv()}; {@code where} names the file and line for errors. */
    public static HistoryRow parse(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length != 8) throw new IllegalArgumentException(where + ": expected 8 comma-separated fields, found " + f.length);
        try {
            return new HistoryRow(num(f[0]), Integer.parseInt(f[1].trim()), f[2].trim(), Long.parseLong(f[3].trim()),
                    num(f[4]), num(f[5]), num(f[6]), num(f[7]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": a field is not a number (" + e.getMessage() + ")");
        }
    }

    private static double num(String s) { return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim()); }
}
