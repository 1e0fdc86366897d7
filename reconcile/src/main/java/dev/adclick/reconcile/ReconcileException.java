package dev.adclick.reconcile;

/** A run that must stop with a message for people and a specific exit code. */
public class ReconcileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for a period that is not closed yet. */
    public static final int NOT_CLOSED = 3;
    /** Exit code for an archive file that cannot be read. */
    public static final int CORRUPT_ARCHIVE = 4;
    /** Exit code for a period without archive files (and no {@code --allow-empty}). */
    public static final int NO_ARCHIVE_DATA = 5;

    private final int exitCode;

    public ReconcileException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
