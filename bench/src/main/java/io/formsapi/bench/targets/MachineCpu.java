package io.formsapi.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the whole machine has been busy (every process: the API instances, the store, Redis and this load
 * generator), from the first line of {@code /proc/stat}. A load's busy seconds over its requests is what one of its
 * requests costs the machine, whatever part of it runs where.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");
    /** user, nice, system, irq, softirq and steal: the busy fields of the "cpu" line (idle and iowait are 4 and 5). */
    private static final int[] BUSY_FIELDS = {1, 2, 3, 6, 7, 8};
    /** USER_HZ, which the kernel reports /proc/stat in on every architecture Linux runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private MachineCpu() {
    }

    /** Busy CPU seconds summed over all cores since boot. */
    static double busySeconds() {
        try {
            // Read line by line: Files.readString trusts the size procfs reports, and returns a fragment of the file.
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int field : BUSY_FIELDS) {
                ticks += Long.parseLong(fields[field]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + STAT, e);
        }
    }
}
