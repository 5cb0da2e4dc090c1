package io.quire.server.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBacklogTest {

    @Test
    void aGroupIsConfirmedByItsLastFrame() {
        WriteBacklog backlog = new WriteBacklog();
        for (int i = 1; i < WriteBacklog.GROUP_FRAMES; i++) {
            assertThat(backlog.add(10)).isZero();
        }
        assertThat(backlog.add(10)).isEqualTo(10L * WriteBacklog.GROUP_FRAMES);
        assertThat(backlog.chars()).isEqualTo(10L * WriteBacklog.GROUP_FRAMES);
        backlog.confirm(10L * WriteBacklog.GROUP_FRAMES);
        assertThat(backlog.chars()).isZero();
    }

    @Test
    void aLargeFrameClosesItsGroupAtOnce() {
        WriteBacklog backlog = new WriteBacklog();
        assertThat(backlog.add(5)).isZero();
        assertThat(backlog.add(WriteBacklog.GROUP_CHARS)).isEqualTo(5L + WriteBacklog.GROUP_CHARS);
        assertThat(backlog.add(7)).isZero();
        assertThat(backlog.chars()).isEqualTo(12L + WriteBacklog.GROUP_CHARS);
    }

    /**
     * Frames written in order, each group confirmed when its last frame is: the backlog never under-counts, and
     * over-counts by less than the open group plus the frames written before the last of a closed group.
     */
    @Test
    void whatStaysCountedIsAtMostOneOpenGroup() {
        Random random = new Random(7);
        WriteBacklog backlog = new WriteBacklog();
        List<long[]> inFlight = new ArrayList<>(); // {size, group to confirm when written}
        long handedOver = 0;
        long written = 0;
        for (int step = 0; step < 100_000; step++) {
            if (random.nextInt(3) > 0) {
                int size = random.nextInt(random.nextInt(10) == 0 ? 200_000 : 300) + 1;
                inFlight.add(new long[] {size, backlog.add(size)});
                handedOver += size;
            } else if (!inFlight.isEmpty()) {
                long[] frame = inFlight.remove(0);
                written += frame[0];
                if (frame[1] > 0) {
                    backlog.confirm(frame[1]);
                }
            }
            long waiting = handedOver - written;
            assertThat(backlog.chars()).isGreaterThanOrEqualTo(waiting)
                    .isLessThan(waiting + 2L * WriteBacklog.GROUP_CHARS);
        }
    }
}
