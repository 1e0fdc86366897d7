package dev.adclick.store;

/**
 * The store cannot be reached or refused the operation for a transient reason. Retriable: the
 * caller retries the same operation later; nothing was half-written (each upsert is atomic).
 */
public class StoreUnavailableException extends Exception {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
