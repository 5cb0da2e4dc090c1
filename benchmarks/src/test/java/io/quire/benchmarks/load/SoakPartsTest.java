package io.quire.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The soak run's readings of the server (the run itself is {@code benchmarks/run-soak.sh}). */
class SoakPartsTest {

    @Test
    void heapIsTheSumOfTheHeapPoolsAndOldGenTheirOldPart() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 4194304.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 4281344.0
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 3872048.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 2.3522384E7
                quire_sessions_connected 10000.0
                """;
        ServerSample s = ServerSample.fromMetrics(metrics, 5, 7);
        assertThat(s.heapUsed()).isEqualTo(4194304L + 4281344L + 3872048L);
        assertThat(s.oldGen()).isEqualTo(4281344L);
        assertThat(s.sessions()).isEqualTo(10000);
        assertThat(s.rss()).isEqualTo(5);
        assertThat(ServerSample.fromMetrics(null, -1, -1).heapUsed()).isEqualTo(-1);
    }

    @Test
    void rssComesFromProcStatusInKilobytes() {
        assertThat(ServerSample.rssBytes("Name:\tjava\nVmHWM:\t  300 kB\nVmRSS:\t  251904 kB\nThreads:\t40\n"))
                .isEqualTo(251904L * 1024);
        assertThat(ServerSample.rssBytes("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void slopeIsTheLeastSquaresLine() {
        assertThat(SoakRun.slope(new double[] {0, 1, 2, 3}, new double[] {10, 12, 14, 16})).isCloseTo(2, within(1e-9));
        assertThat(SoakRun.slope(new double[] {0, 1, 2, 3}, new double[] {5, 7, 5, 7})).isCloseTo(0.4, within(1e-9));
        assertThat(SoakRun.slope(new double[] {1}, new double[] {1})).isNaN();
    }
}
