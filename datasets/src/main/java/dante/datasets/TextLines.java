package dante.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A line reader with bounds, so that no input makes a reader allocate more than it can justify: a line longer than
 * {@link #MAX_LINE} characters (an endless line, {@code /dev/zero}, a binary file) and a text larger in total (its
 * characters and a few bytes a line) than the heap can parse (a gzip stream that inflates to gigabytes) are refused
 * with one line naming the file, before the characters are kept. A UTF-8 byte order mark at the start is dropped by
 * the first {@link #readLine()}; character reads share the buffer and the total bound.
 */
final class TextLines extends BufferedReader {
    /** The longest line read: 16 M characters (a row of a million features with 16 characters each). */
    static final int MAX_LINE = 1 << 24;

    /** What a kept line costs beyond its characters: its String, its array and a list slot, about. */
    static final int LINE_BYTES = 48;

    private final Reader in;
    private final String source;
    private final long maxTotal;
    private final char[] buf = new char[1 << 16];
    private int pos, end;
    private long total, lines;
    private boolean first = true, eof;

    /**
     * @param in the characters
     * @param source the file, for messages
     * @param maxTotal the most characters to read in all (refused beyond)
     */
    TextLines(Reader in, String source, long maxTotal) {
        super(in, 1);
        this.in = in;
        this.source = source;
        this.maxTotal = maxTotal;
    }

    /** The most characters of text a reader keeps: a quarter of the heap (parsed rows take several times their text). */
    static long heapBudget() { return Runtime.getRuntime().maxMemory() / 4; }

    private boolean fill() throws IOException {
        if (eof) return false;
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = r;
        return true;
    }

    @Override
    public String readLine() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos >= end && !fill()) {
                if (sb == null) return null;
                return finish(sb);
            }
            int start = pos;
            while (pos < end && buf[pos] != '\n') pos++;
            int len = pos - start;
            if (sb == null) sb = new StringBuilder(Math.min(Math.max(len, 16), 1 << 16));
            if ((long) sb.length() + len > MAX_LINE) {
                throw new DataFormatException(source + ": line " + (lines + 1) + " is longer than " + MAX_LINE + " characters; not a text file of rows, or a row "
                        + "far wider than any data set (a binary file, or no line breaks?)");
            }
            sb.append(buf, start, len);
            total += len;
            if (total > maxTotal) throw tooMuch();
            if (pos < end) {                            // at '\n'
                pos++;
                total += 1 + LINE_BYTES;                // a kept line costs its String and list slot too
                return finish(sb);
            }
        }
    }

    private String finish(StringBuilder sb) {
        lines++;
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        if (first) {
            first = false;
            if (sb.length() > 0 && sb.charAt(0) == '\uFEFF') sb.deleteCharAt(0);
        }
        return sb.toString();
    }

    /** Characters read directly come from the same buffer as lines (the line bound does not apply; the total does). */
    @Override
    public int read() throws IOException {
        if (pos >= end && !fill()) return -1;
        count(1);
        return buf[pos++];
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
        if (len == 0) return 0;
        if (pos >= end && !fill()) return -1;
        int n = Math.min(len, end - pos);
        count(n);
        System.arraycopy(buf, pos, cbuf, off, n);
        pos += n;
        return n;
    }

    private void count(long n) {
        first = false;                                    // a byte order mark is dropped only by the first readLine
        total += n;
        if (total > maxTotal) throw tooMuch();
    }

    private DataFormatException tooMuch() {
        return new DataFormatException(source + ": more than " + Math.max(1, maxTotal >> 20) + " MB of text, more than this JVM's heap can parse ("
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise -Xmx, or use a binary format for data this large)");
    }

    @Override
    public void close() throws IOException { in.close(); }
}
