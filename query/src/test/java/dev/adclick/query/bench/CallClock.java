package dev.adclick.query.bench;

import dev.adclick.store.ClickStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Splits an HTTP request's time around the store calls the server makes for it: the server's store
 * is {@link #wrap wrapped} to note when the request's first call starts and its last call ends
 * ({@code nanoTime}, one clock for every thread), so "before" is client → event loop → handlers →
 * a worker, "after" is worker → event loop → JSON → client (docs/benchmarks.md, Query API, "where
 * the store call on a Vert.x worker loses its time"). Requests are sequential, so one request's
 * calls are the only ones between two {@link #request} calls.
 */
final class CallClock {
    private final double[] before, after;
    private long first, last;

    CallClock(int samples) {
        before = new double[samples];
        after = new double[samples];
    }

    /** {@code store}, noting each call's start and end here. */
    ClickStore wrap(ClickStore store) {
        return (ClickStore) Proxy.newProxyInstance(ClickStore.class.getClassLoader(), new Class<?>[]{ClickStore.class}, (p, m, args) -> {
            started(System.nanoTime());
            try {
                return m.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                ended(System.nanoTime());
            }
        });
    }

    private synchronized void started(long t) {
        if (first == 0) first = t;
    }

    private synchronized void ended(long t) {
        last = Math.max(last, t);
    }

    /** Runs sample {@code i}'s request and, for {@code i} below the sample count (not a warm-up), notes its two sides. */
    String request(int i, Callable<String> get) throws Exception {
        synchronized (this) {
            first = last = 0;
        }
        long t0 = System.nanoTime();
        String body = get.call();
        long t1 = System.nanoTime();
        synchronized (this) {
            if (i < before.length && first != 0) {
                before[i] = (first - t0) / 1e6;
                after[i] = (t1 - last) / 1e6;
            }
        }
        return body;
    }

    /** Forgets the samples taken (before the next read's timing). */
    synchronized void clear() {
        Arrays.fill(before, 0);
        Arrays.fill(after, 0);
    }

    /** Sorted copies of the sides of the samples taken: {before, after} in ms. */
    synchronized double[][] sides() {
        double[] b = before.clone(), a = after.clone();
        Arrays.sort(b);
        Arrays.sort(a);
        return new double[][]{b, a};
    }
}
