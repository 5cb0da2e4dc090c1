package io.quire.server.auth;

import java.util.Optional;

/**
 * Turns the credential a request carries into an {@link Identity}. Two modes:
 * <ul>
 *   <li><b>secured</b> (a signing secret is configured): every connection and call needs a valid token or API key;
 *   <li><b>local</b> (no secret): a request without credentials is the local admin, so a newcomer can start at
 *       once; tokens signed with the server's local secret and API keys still work, so several people can be
 *       tried out on one machine.
 * </ul>
 * Where credentials come from: {@code Authorization: Bearer <token or key>}, then {@code X-Quire-Key: <key>},
 * then the {@code token} query parameter (browsers cannot set headers on a WebSocket).
 */
public final class Authenticator {

    /** Finds the key record behind a presented API key; the books registry implements it. */
    public interface ApiKeyLookup {
        /** The key's identity, or empty if there is no such key or the secret does not match. */
        Optional<Identity> identify(ApiKeySecret key);
    }

    private final TokenService tokens;
    private final boolean secured;
    private final ApiKeyLookup keys;

    public Authenticator(TokenService tokens, boolean secured, ApiKeyLookup keys) {
        this.tokens = tokens;
        this.secured = secured;
        this.keys = keys;
    }

    public boolean secured() {
        return secured;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** The identity behind {@code credential} (null or blank when the request carried none). */
    public Identity authenticate(String credential) {
        if (credential == null || credential.isBlank()) {
            if (secured) {
                throw new AuthException("this server needs a token: send \"Authorization: Bearer <token>\" "
                        + "or ?token=<token>");
            }
            return Identity.localAdmin();
        }
        String presented = credential.trim();
        if (presented.startsWith(ApiKeySecret.PREFIX)) {
            ApiKeySecret key = ApiKeySecret.parse(presented)
                    .orElseThrow(() -> new AuthException("the API key is malformed (expected qk_<12 hex>_<43 characters>)"));
            return keys.identify(key).orElseThrow(() -> new AuthException("the API key is unknown or was revoked"));
        }
        return tokens.verify(presented);
    }

    /**
     * The credential of a request: the bearer value, else the key header, else the query parameter; null if none.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param keyHeader     the {@code X-Quire-Key} header, or null
     * @param queryToken    the {@code token} query parameter, or null
     */
    public static String credential(String authorization, String keyHeader, String queryToken) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return value.substring(7).trim();
            }
            throw new AuthException("the Authorization header must be \"Bearer <token or API key>\"");
        }
        if (keyHeader != null && !keyHeader.isBlank()) {
            return keyHeader.trim();
        }
        return queryToken == null || queryToken.isBlank() ? null : queryToken.trim();
    }
}
