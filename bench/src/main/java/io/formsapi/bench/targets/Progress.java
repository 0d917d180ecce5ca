package io.formsapi.bench.targets;

/** What the benchmark is doing, on standard error with the time since it started; the table goes to standard out. */
final class Progress {

    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    static void say(String message) {
        System.err.printf("[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    static double elapsedSeconds() {
        return (System.nanoTime() - STARTED) / 1e9;
    }
}
