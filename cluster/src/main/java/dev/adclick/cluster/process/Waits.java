package dev.adclick.cluster.process;

import java.time.Duration;

/** Polling until a condition holds, failing with what was awaited. */
public final class Waits {
    private Waits() {}

    /** A check that may throw while the thing it checks is still starting. */
    public interface Check {
        boolean ok() throws Exception;
    }

    /**
     * Polls {@code check} every 250 ms; {@code alive} is asked first and may throw (a process that
     * died while we waited for it).
     */
    public static void until(String what, Duration timeout, Runnable alive, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            alive.run();
            try {
                if (check.ok()) return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    public static void until(String what, Duration timeout, Check check) throws InterruptedException {
        until(what, timeout, () -> { }, check);
    }

}
