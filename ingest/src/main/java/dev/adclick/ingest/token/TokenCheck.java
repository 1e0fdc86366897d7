package dev.adclick.ingest.token;

/**
 * Outcome of {@link ClickTokens#verify}: either a valid token or the reason it was refused.
 * Verification never throws on bad input; garbage is just a rejection.
 */
public final class TokenCheck {
    private final ClickToken token;
    private final TokenRejection rejection;

    private TokenCheck(ClickToken token, TokenRejection rejection) {
        this.token = token;
        this.rejection = rejection;
    }

    static TokenCheck valid(ClickToken token) {
        return new TokenCheck(token, null);
    }

    static TokenCheck rejected(TokenRejection reason) {
        return new TokenCheck(null, reason);
    }

    public boolean isValid() {
        return token != null;
    }

    /** The verified token; null when rejected. */
    public ClickToken token() {
        return token;
    }

    /** Why the token was refused; null when valid. */
    public TokenRejection rejection() {
        return rejection;
    }

    @Override
    public String toString() {
        return isValid() ? "valid " + token : "rejected: " + rejection.label();
    }
}
