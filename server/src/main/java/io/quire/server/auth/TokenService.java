package io.quire.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Signed user tokens: JWTs with HMAC-SHA256 (HS256) and the server's secret, checked by auth0's java-jwt. The
 * application that embeds Quire signs them with the same secret; Quire never sees passwords.
 * <pre>
 *   sub   the user id (required); ops are stamped with it
 *   name  the display name (optional; the user id when absent)
 *   exp   expiry in epoch seconds (optional; checked when present, with 5 s of leeway for clock skew)
 * </pre>
 */
public final class TokenService {
    /** HS256 with a short secret can be brute-forced offline; 32 bytes is what RFC 7518 asks for. */
    public static final int MIN_SECRET_LENGTH = 32;
    /** A token claim that makes its holder the server's operator: online backups, compacting every book. */
    public static final String OPERATOR_CLAIM = "quire_operator";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    public TokenService(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the token signing secret must be at least " + MIN_SECRET_LENGTH
                    + " characters, got " + (secret == null ? "none" : secret.length()));
        }
        algorithm = Algorithm.HMAC256(secret);
        verifier = JWT.require(algorithm).withClaimPresence("sub").acceptLeeway(5).build();
    }

    /** The identity a valid token names; an {@link AuthException} saying what is wrong otherwise. */
    public Identity verify(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new AuthException("the token expired at " + e.getExpiredOn() + "; get a new one");
        } catch (SignatureVerificationException e) {
            throw new AuthException("the token's signature is not valid (signed with another secret, or altered)");
        } catch (AlgorithmMismatchException e) {
            throw new AuthException("the token must be signed with HS256");
        } catch (JWTDecodeException e) {
            throw new AuthException("the token is not a well-formed JWT");
        } catch (JWTVerificationException e) {
            throw new AuthException("the token was refused: " + e.getMessage());
        }
        String user = jwt.getSubject();
        if (user == null || user.isBlank() || user.length() > 200 || user.startsWith("key:")
                || user.equals(Identity.LOCAL_ADMIN_ID)) {
            throw new AuthException("the token's subject must be a user id of 1 to 200 characters, not \"admin\" "
                    + "and not starting with \"key:\"");
        }
        String name = jwt.getClaim("name").asString();
        Date expires = jwt.getExpiresAt();
        String displayName = name == null || name.isBlank() ? user : name;
        long expiresAt = expires == null ? Long.MAX_VALUE : expires.getTime();
        // Only whoever holds the signing secret can mint this claim, and they could run the server anyway.
        return Boolean.TRUE.equals(jwt.getClaim(OPERATOR_CLAIM).asBoolean())
                ? Identity.operator(user, displayName, expiresAt)
                : Identity.user(user, displayName, expiresAt);
    }

    /** A token for {@code userId}, valid for {@code lifetime}: for local mode's token endpoint and for tests. */
    public String issue(String userId, String displayName, Duration lifetime) {
        return issue(userId, displayName, lifetime, false);
    }

    /** As {@link #issue(String, String, Duration)}; {@code operator} adds the claim {@value #OPERATOR_CLAIM}. */
    public String issue(String userId, String displayName, Duration lifetime, boolean operator) {
        Instant now = Instant.now();
        var token = JWT.create()
                .withSubject(userId)
                .withClaim("name", displayName)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime));
        if (operator) {
            token = token.withClaim(OPERATOR_CLAIM, true);
        }
        return token.sign(algorithm);
    }
}
