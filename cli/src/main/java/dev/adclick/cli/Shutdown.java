package dev.adclick.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Running a long-lived command until Ctrl-C (or SIGTERM), then closing it cleanly. */
public final class Shutdown {
    /** The console line of each part stopped, under the "started" lines of the start. */
    public static final Consumer<String> STOPPED = line -> System.out.println("  stopped  " + line);

    private Shutdown() {}

    /**
     * Blocks until the JVM is asked to stop, then closes what runs (draining, final checkpoint)
     * before the JVM exits.
     */
    public static void awaitThenClose(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping adclick…");
            try {
                running.close();
                System.out.println("Stopped.");
            } catch (Exception e) {
                System.err.println("adclick: stopping failed: " + e.getMessage());
            }
            stopped.countDown();
        }, "adclick-shutdown"));
        stopped.await();
    }
}
