package dev.nsgaudit.model;

/** Input that cannot be read at all; the message is the one line shown to the user (exit code 2). */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }
}
