package io.formsapi.bench.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs tasks on threads of their own and waits for all of them (the common pool has one thread on two cores). */
final class Parallel {

    private Parallel() {
    }

    /** Runs every task at once; the first failure is rethrown once all have ended. */
    static void run(List<Runnable> tasks) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            });
            thread.start();
            threads.add(thread);
        }
        joinAll(threads);
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Waits until every one of {@code threads} has ended. */
    static void joinAll(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
