package io.formsapi.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * Opens the store's MVStore file, refusing one that has lost data. MVStore itself opens a truncated file at the
 * last version it still holds whole, or as an empty store when no version is left, and would carry on from there;
 * here a file whose header names a later version than the one it opens at, an empty file, or one it cannot read is
 * an error. The check opens the file read-only, so a refused file is never written to.
 */
final class StoreFile {

    private StoreFile() {
    }

    static MVStore open(Path file, int cacheSizeMb, int writeBufferMb) {
        if (Files.exists(file)) {
            check(file);
        }
        try {
            return new MVStore.Builder().fileName(file.toString()).cacheSize(cacheSizeMb)
                    .autoCommitBufferSize(writeBufferMb * 1024).open();
        } catch (MVStoreException e) {
            throw refusal(file, e);
        }
    }

    private static void check(Path file) {
        if (size(file) == 0) {
            throw StoreFileException.damaged(file, "is empty", null);
        }
        MVStore readOnly;
        try {
            readOnly = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        } catch (MVStoreException e) {
            throw refusal(file, e);
        }
        try {
            long written = version(readOnly.getFileStore().getStoreHeader().get("version"));
            long readable = readOnly.getCurrentVersion();
            if (readable < written) {
                throw StoreFileException.damaged(file, "ends before its last saved version (" + written
                        + "; the newest it still holds whole is " + readable + "): it was truncated", null);
            }
        } finally {
            readOnly.closeImmediately();
        }
    }

    static StoreFileException refusal(Path file, RuntimeException cause) {
        if (cause instanceof MVStoreException stored && stored.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
            return StoreFileException.inUse(file, cause);
        }
        return StoreFileException.damaged(file, "cannot be read (" + cause.getMessage() + ")", cause);
    }

    /**
     * The header keeps numbers as hexadecimal text; a store that has not yet written a version since it was created
     * (one stopped abruptly in its first second) has none.
     */
    private static long version(Object header) {
        if (header == null) {
            return 0;
        }
        return header instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(header), 16);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
