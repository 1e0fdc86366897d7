package dev.adclick.core.click;

/** A message on the topic that is not a valid click; the message says what is wrong, for people. */
public class InvalidClickException extends Exception {
    public InvalidClickException(String message) {
        super(message);
    }
}
