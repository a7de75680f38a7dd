package dev.nsgaudit.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Why the report folder cannot be written, in words (the JDK's exceptions often carry only a path). */
final class OutFolder {

    private OutFolder() {
    }

    static String why(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder; remove it or give another --out";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied on " + f.getFile() + "; give a folder you can write to with --out";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + " is not a folder; give another --out";
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + " does not exist";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() != null ? f.getFile() + ": " : "") + f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
