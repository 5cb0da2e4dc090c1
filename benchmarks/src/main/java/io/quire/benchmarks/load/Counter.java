package io.quire.benchmarks.load;

/** What the load clients count; one slot each in {@link LoopMetrics}. */
public enum Counter {
    /** Keystrokes the timers (or, at rate max, the acks) produced. */
    KEYSTROKES,
    /** Keystrokes typed while an op was in flight, composed into the next op as the sharedb client does. */
    KEYSTROKES_COMPOSED,
    /** Edit ops submitted. */
    OPS_SENT,
    /** Edit ops acknowledged. */
    OPS_ACKED,
    /** Remote ops applied by a receiving client (one per receiving client). */
    DELIVERIES,
    /** Remote ops older than the receiver's version (dropped, as the sharedb client drops them). */
    DUPLICATES,
    /** Remote ops or acks newer than the receiver's version: ops went missing. The client refetches. */
    VERSION_GAPS,
    /** Acks whose version was older than the client's (its op was already in a refetched snapshot). */
    ACKS_ALREADY_SEEN,
    /** A client received the broadcast of its own op (the server should not send it). */
    OWN_ECHOES,
    /** Deliveries whose send time was not found (sender unknown), so no op-to-peer sample. */
    PEER_UNTIMED,
    /** Refetches after an error or a gap. */
    RESYNCS,
    /** Error replies (by code in {@link LoopMetrics#errors()}). */
    ERRORS,
    /** Connections closed by the server or the network after setup. */
    DISCONNECTS,
    /** Frames that could not be parsed. */
    BAD_FRAMES
}
