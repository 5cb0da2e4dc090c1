package io.quire.server.webhooks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The last few deliveries of one hook: written on the dispatcher's context, read from any thread. */
final class DeliveryLog {
    /** Enough to see a pattern (every attempt failing the same way) without keeping much per hook. */
    static final int CAPACITY = 50;

    private final ArrayDeque<Delivery> entries = new ArrayDeque<>(CAPACITY);

    synchronized void add(Delivery delivery) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(delivery);
    }

    /** Newest first. */
    synchronized List<Delivery> newestFirst() {
        List<Delivery> copy = new ArrayList<>(entries.size());
        for (Iterator<Delivery> it = entries.descendingIterator(); it.hasNext(); ) {
            copy.add(it.next());
        }
        return List.copyOf(copy);
    }
}
