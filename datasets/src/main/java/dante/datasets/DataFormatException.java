package dante.datasets;

/** A data file that is not what it should be; the message names the file, where, what was expected and what was found. */
public final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A data file is not what it should be.
     *
     * @param message names the file, where, what was expected and what was found
     */
    public DataFormatException(String message) { super(message); }
}
