package dev.adclick.cli.chaos;

import dev.adclick.cli.stack.EmbeddedStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Injects the {@link FaultSchedule} into the embedded stack, one fault at a time, and brings each
 * part back as it was: Redis stopped and started, Redis paused (CLIENT PAUSE), the Kafka broker
 * stopped and started, the Flink job killed (no savepoint) and started from its last checkpoint, the
 * click service stopped and started on its port (its spool replays). Keeps the active fault and a log.
 */
public final class ChaosFaults implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosFaults.class);

    /** One injected fault; {@code recovered} is null while it is active. */
    public record Entry(Fault fault, Instant started, long holdMillis, Instant recovered) {}

    private final EmbeddedStack stack;
    private final FaultSchedule schedule;
    private final Thread thread;
    private final List<Entry> log = new ArrayList<>();
    private volatile boolean closing;

    private ChaosFaults(EmbeddedStack stack, FaultSchedule schedule) {
        this.stack = stack;
        this.schedule = schedule;
        this.thread = new Thread(this::run, "demo-chaos");
        thread.setDaemon(true);
    }

    /** The kinds this stack can take: Redis and Kafka faults only when they are the embedded ones. */
    public static List<Fault> kindsFor(EmbeddedStack stack) {
        List<Fault> kinds = new ArrayList<>(Fault.EMBEDDED);
        if (stack.embeddedRedis() == null) kinds.removeAll(List.of(Fault.REDIS_STOP, Fault.REDIS_PAUSE));
        if (stack.embeddedKafka() == null) kinds.remove(Fault.KAFKA_STOP);
        return kinds;
    }

    public static ChaosFaults start(EmbeddedStack stack, long seed, FaultSchedule.Timing timing) {
        ChaosFaults c = new ChaosFaults(stack, new FaultSchedule(seed, kindsFor(stack), timing));
        c.thread.start();
        return c;
    }

    /** The faults so far, oldest first (the last may be active). */
    public synchronized List<Entry> log() {
        return List.copyOf(log);
    }

    /** How often each kind was injected (and recovered). */
    public synchronized Map<Fault, Integer> recoveredCounts() {
        Map<Fault, Integer> m = new EnumMap<>(Fault.class);
        for (Entry e : log) if (e.recovered() != null) m.merge(e.fault(), 1, Integer::sum);
        return m;
    }

    private void run() {
        try {
            while (!closing) {
                FaultSchedule.Planned p = schedule.next();
                if (!waitUnlessClosing(p.gap().toMillis())) return;
                inject(p);
            }
        } catch (Exception e) {
            LOG.error("Chaos schedule stopped: a fault could not be undone", e);
        }
    }

    private void inject(FaultSchedule.Planned p) throws Exception {
        Entry entry = new Entry(p.fault(), Instant.now(), p.hold().toMillis(), null);
        synchronized (this) {
            log.add(entry);
        }
        LOG.info("Chaos: {} for {} s", p.fault().description(), p.hold().toSeconds());
        undoable(p).run();
        try {
            waitUnlessClosing(p.hold().toMillis()); // closing ends the hold early; the part comes back below either way
        } finally {
            undoRetrying(p.fault());
            synchronized (this) {
                log.set(log.indexOf(entry), new Entry(entry.fault(), entry.started(), entry.holdMillis(), Instant.now()));
            }
            LOG.info("Chaos: {} is over", p.fault().id());
        }
    }

    /**
     * Waits {@code ms}, or less once closing; false when closing. Not an interrupt: an interrupt
     * could cut short the start of a part being brought back.
     */
    private synchronized boolean waitUnlessClosing(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        for (long left = ms; !closing && left > 0; left = end - System.currentTimeMillis()) wait(left);
        return !closing;
    }

    private interface Step { void run() throws Exception; }

    private Step undoable(FaultSchedule.Planned p) {
        return switch (p.fault()) {
            case REDIS_STOP -> () -> stack.embeddedRedis().stop();
            case REDIS_PAUSE -> () -> redisCommand(stack.embeddedRedis().port(), "CLIENT", "PAUSE", 
                    String.valueOf(p.hold().toMillis() + 60_000)); // UNPAUSE ends it; the margin only matters if this JVM dies
            case KAFKA_STOP -> () -> stack.embeddedKafka().stop();
            case JOB_KILL -> stack::killJob;
            case SERVICE_RESTART -> stack::stopClickService;
            default -> throw new IllegalArgumentException(p.fault() + " is not injected in the embedded stack");
        };
    }

    /** Brings the part back; a failed start (a port not yet free, a slow broker) is tried again, a few times. */
    private void undoRetrying(Fault f) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                undo(f);
                return;
            } catch (Exception e) {
                if (attempt == 5) throw e;
                LOG.warn("Chaos: undoing {} failed ({}), trying again", f.id(), e.toString());
                Thread.sleep(2_000L * attempt);
            }
        }
    }

    private void undo(Fault f) throws Exception {
        switch (f) {
            case REDIS_STOP -> stack.embeddedRedis().start();
            case REDIS_PAUSE -> redisCommand(stack.embeddedRedis().port(), "CLIENT", "UNPAUSE");
            case KAFKA_STOP -> stack.embeddedKafka().start();
            case JOB_KILL -> stack.restartJob();
            case SERVICE_RESTART -> stack.restartClickService();
            default -> throw new IllegalArgumentException(f.name());
        }
    }

    /** One RESP command; reads the first byte of the answer (also the chaos soak's, bench/chaos/Net). */
    public static void redisCommand(int port, String... words) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
            for (String w : words) resp.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
            OutputStream o = s.getOutputStream();
            o.write(resp.toString().getBytes(StandardCharsets.US_ASCII));
            o.flush();
            int first = s.getInputStream().read();
            if (first != '+') throw new IOException("redis answered " + (char) first + " to " + words[0] + " " + words[1]);
        }
    }

    /** Stops the schedule; an active fault is undone first. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        thread.join(120_000);
    }
}
