package io.formsapi.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Concurrent misses for one flight key in this JVM share one load. The key includes the version snapshot the
 * caller read, so a request that started after an invalidation never joins a load that began before it.
 */
final class SingleFlight {

    private final ConcurrentMap<Object, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T run(Object key, Supplier<T> load) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return (T) running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            T value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }
}
