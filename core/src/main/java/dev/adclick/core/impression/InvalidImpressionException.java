package dev.adclick.core.impression;

/** A message on the {@code impressions} topic that is not a valid impression; the text says why, for people. */
public class InvalidImpressionException extends Exception {
    public InvalidImpressionException(String message) {
        super(message);
    }
}
