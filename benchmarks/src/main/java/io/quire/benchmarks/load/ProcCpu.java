package io.quire.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's {@code /proc}: of the whole machine ({@code /proc/stat}: everything but idle and iowait) and
 * of one process ({@code /proc/PID/stat}: user + system), in clock ticks of {@value #TICKS_PER_SECOND} per second
 * (USER_HZ, which is 100 on Linux whatever the kernel's HZ). -1 when unreadable (not Linux, process gone).
 * The server runs on the same machine as the generator, so this tells who used the cores in the window.
 */
final class ProcCpu {
    static final int TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    static long machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    return machineBusyTicks(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** {@code cpu user nice system idle iowait irq softirq steal ...}: all but idle and iowait. */
    static long machineBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    static long processTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return processTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime and stime are fields 14 and 15; the command name before them may hold spaces, so count after ")". */
    static long processTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Cores used between two readings over {@code seconds}, or -1 if either reading failed. */
    static double cores(long before, long after, double seconds) {
        return before < 0 || after < 0 || seconds <= 0 ? -1 : (after - before) / (double) TICKS_PER_SECOND / seconds;
    }
}
