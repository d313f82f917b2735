package dante.core.model;

/** A model file that is not what it should be; the message names the file and what is wrong. */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) { super(message); }
}
