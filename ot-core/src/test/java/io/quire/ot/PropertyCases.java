package io.quire.ot;

import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Runs a property over many seeded random cases. The count comes from {@code -Dquire.ot.cases}
 * (CI default in the pom), the base seed from {@code -Dquire.ot.seed} (random when unset); a failure
 * names the case's own seed, so {@code -Dquire.ot.seed=S -Dquire.ot.cases=1} replays it alone.
 */
final class PropertyCases {
    private PropertyCases() {
    }

    static int count() {
        return Integer.getInteger("quire.ot.cases", 10_000);
    }

    static void forAll(String property, BiConsumer<RandomDeltas, Long> check) {
        long base = Long.getLong("quire.ot.seed", new Random().nextLong());
        int cases = count();
        for (int i = 0; i < cases; i++) {
            long seed = base + i;
            try {
                check.accept(new RandomDeltas(new Random(seed)), seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " failed for seed " + seed
                        + " (replay: -Dquire.ot.seed=" + seed + " -Dquire.ot.cases=1): " + e.getMessage(), e);
            }
        }
        System.out.printf("property %-20s %d cases passed (seeds %d..%d)%n", property, cases, base, base + cases - 1);
    }
}
