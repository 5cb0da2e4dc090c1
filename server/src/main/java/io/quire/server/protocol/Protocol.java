package io.quire.server.protocol;

/**
 * The fixed facts of the sharedb wire protocol that Quire speaks: its version, the type URIs and the
 * number range JavaScript can represent exactly.
 */
public final class Protocol {
    /** Protocol version sent in {@code init} and {@code hs}; the client refuses any other major. */
    public static final int MAJOR = 1;
    public static final int MINOR = 2;

    /**
     * The client's default type (json0). The handshake must name it even though Quire never serves json0:
     * the client compares it with its own default and refuses to connect otherwise
     * ({@code ERR_DEFAULT_TYPE_MISMATCH}). It is also why snapshot replies always spell out the rich-text type:
     * a snapshot without {@code type} is read as json0.
     */
    public static final String DEFAULT_TYPE_URI = "http://sharejs.org/types/JSONv0";

    /** The only document type Quire serves. */
    public static final String RICH_TEXT_URI = "http://sharejs.org/types/rich-text/v1";
    /** Its short name, which {@code doc.create(data, 'rich-text')} sends as it is. */
    public static final String RICH_TEXT_NAME = "rich-text";

    /**
     * {@code Number.MAX_SAFE_INTEGER}, 2^53-1: versions and sequence numbers beyond it cannot be represented
     * exactly by the JavaScript client, so the server refuses them.
     */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private Protocol() {
    }

    /** True for the rich-text type's URI or short name, the two spellings sharedb's type map accepts. */
    public static boolean isRichText(String type) {
        return RICH_TEXT_URI.equals(type) || RICH_TEXT_NAME.equals(type);
    }
}
