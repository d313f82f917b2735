package dante.core.model;

/** A model file that is not what it should be; the message names the file and what is wrong. */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A model file is not what it should be.
     *
     * @param message names the file and what is wrong
     */
    public ModelFormatException(String message) { super(message); }
}
