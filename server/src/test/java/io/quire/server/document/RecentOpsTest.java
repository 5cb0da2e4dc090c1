package io.quire.server.document;

import io.quire.ot.Delta;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentOpsTest {
    private static final DocKey KEY = new DocKey("book", "chapter");

    private static StoredOp op(long version) {
        return new StoredOp(KEY, version, "src", version + 1, StoredOp.Kind.EDIT, Delta.EMPTY, "src", version);
    }

    private static List<Long> versions(RecentOps recent, long from, long to) {
        List<StoredOp> out = new ArrayList<>();
        recent.copyTo(from, to, out);
        return out.stream().map(StoredOp::version).toList();
    }

    @Test
    void copiesOnlyTheRequestedVersionsThatAreHeld() {
        RecentOps recent = new RecentOps();
        for (long v = 10; v < 50; v++) {
            recent.add(op(v));
        }
        assertThat(recent.firstVersion()).isEqualTo(10);
        assertThat(versions(recent, 45, 48)).containsExactly(45L, 46L, 47L);
        assertThat(versions(recent, 0, 12)).containsExactly(10L, 11L);
        assertThat(versions(recent, 48, 100)).containsExactly(48L, 49L);
        assertThat(versions(recent, 60, 70)).isEmpty();
    }

    @Test
    void trimKeepsTheNewestAndNeverDropsWhatIsNotDurable() {
        RecentOps recent = new RecentOps();
        for (long v = 0; v < 300; v++) {
            recent.add(op(v));
        }
        recent.trim(10, 100, Long.MAX_VALUE);
        assertThat(recent.firstVersion()).isEqualTo(100); // versions from 100 on are not durable yet
        recent.trim(10, 300, Long.MAX_VALUE);
        assertThat(recent.size()).isEqualTo(10);
        assertThat(versions(recent, 0, 300)).containsExactly(290L, 291L, 292L, 293L, 294L, 295L, 296L, 297L, 298L, 299L);
        for (long v = 300; v < 1000; v++) { // wraps around the shrunken ring many times
            recent.add(op(v));
            recent.trim(10, v + 1, Long.MAX_VALUE);
        }
        assertThat(versions(recent, 995, 1000)).containsExactly(995L, 996L, 997L, 998L, 999L);
    }

    @Test
    void keepsOpsYoungerThanTheCutOffHoweverMany() {
        RecentOps recent = new RecentOps();
        for (long v = 0; v < 100; v++) {
            recent.add(op(v)); // made at epoch ms == version
        }
        recent.trim(10, 100, 60);
        assertThat(recent.firstVersion()).isEqualTo(60);
        assertThat(recent.size()).isEqualTo(40);
    }

    @Test
    void trimsByAgeAfterTheRingGrewAndShrank() {
        RecentOps recent = new RecentOps();
        for (long v = 0; v < 300; v++) {
            recent.add(op(v));
        }
        recent.trim(0, 300, 290); // leaves 10 in a ring of 512, which shrinks
        assertThat(versions(recent, 0, 300)).containsExactly(290L, 291L, 292L, 293L, 294L, 295L, 296L, 297L, 298L, 299L);
        for (long v = 300; v < 320; v++) {
            recent.add(op(v));
        }
        recent.trim(0, 320, 305);
        assertThat(recent.firstVersion()).isEqualTo(305);
        assertThat(recent.size()).isEqualTo(15);
        recent.trim(0, 320, Long.MAX_VALUE);
        assertThat(recent.size()).isZero();
        assertThat(versions(recent, 0, 400)).isEmpty();
        recent.add(op(320));
        assertThat(versions(recent, 0, 400)).containsExactly(320L);
    }

    @Test
    void refusesAGapInVersions() {
        RecentOps recent = new RecentOps();
        recent.add(op(3));
        assertThatThrownBy(() -> recent.add(op(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
    }
}
