package dante.cli;

import java.io.UncheckedIOException;

import dante.core.model.ModelFormatException;
import dante.core.train.TrainingDivergedException;
import dante.datasets.DataFormatException;

/** Which exceptions are the user's to fix (one line, status 2) rather than bugs. */
final class UserErrors {
    private UserErrors() {}

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof DataFormatException || e instanceof ModelFormatException
                || e instanceof TrainingDivergedException || e instanceof UncheckedIOException;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        m = m.replace('\n', ' ').replace("java.io.IOException: ", "");
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            m += " (the disk is full: free some space there or write to another disk; a run resumes from its last checkpoint with --resume)";
        }
        return m;
    }
}
