package io.formsapi.store;

import java.nio.file.Path;

/**
 * The embedded store's data file cannot be used. The message names the file, what is wrong with it and what to do;
 * the file is left as it was found.
 */
public final class StoreFileException extends IllegalStateException {

    private final transient Path file;
    private final String problem;
    private final String action;

    private StoreFileException(Path file, String problem, String action, Throwable cause) {
        super("The embedded store's data file " + file + " " + problem + ". " + action, cause);
        this.file = file;
        this.problem = problem;
        this.action = action;
    }

    static StoreFileException damaged(Path file, String problem, Throwable cause) {
        return new StoreFileException(file, problem, "It was left as it is. Restore it from a backup, or move it aside "
                + "to start with an empty store; the store does not start empty over a damaged file.", cause);
    }

    static StoreFileException inUse(Path file, Throwable cause) {
        return new StoreFileException(file, "is open in another process", "Stop that process (an API instance, "
                + "a standalone store or the demo data loader using the same FORMS_STORE_DATA_DIR), or give this one "
                + "another data directory.", cause);
    }

    public Path file() {
        return file;
    }

    /** What is wrong, after the file's name. */
    public String problem() {
        return problem;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
