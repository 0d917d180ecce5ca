package io.formsapi.cache;

/** Whether the cache may use Redis, as decided by the circuit breaker. */
public enum BreakerState {
    /** Redis is used. */
    CLOSED,
    /** Redis failed repeatedly: every request bypasses it until a background sample finds it answering. */
    OPEN,
    /** Redis answers again, but an invalidation may have been lost: bypassed until the epoch has been bumped. */
    RECOVERING;

    /** True when requests may use Redis. */
    public boolean allowsRedis() {
        return this == CLOSED;
    }
}
