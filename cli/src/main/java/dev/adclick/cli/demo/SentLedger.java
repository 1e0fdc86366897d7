package dev.adclick.cli.demo;

import dev.adclick.core.count.CountKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo traffic's ground truth (chaos mode): what the click service accepted, per minute. A click
 * is owed once per impression whose click was answered 302 (repeats are duplicates the pipeline must
 * drop), a rendered impression once per impression whose beacon was answered 200, a served
 * impression once per 200 from /ads/serve.
 *
 * <p>The service stamps an event between the request being sent and answered, so an event whose
 * request and answer fall in one minute belongs to that minute ("sure"); one answered across a
 * minute boundary, or sent and never answered (in doubt: it may or may not count), may be counted
 * in any minute of its window ("maybe"). Lost and doubled are judged against those bounds.
 */
public final class SentLedger {
    public enum Kind { CLICK, RENDERED, SERVED }

    /** Per minute (epoch ms of its start) and kind: events surely in it, and events that may be. */
    public record Minute(long[] sure, long[] maybe) {}

    private static final class Entry {
        final String adId;
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        boolean owed, doubt;

        Entry(String adId) {
            this.adId = adId;
        }
    }

    private final Map<Kind, Map<String, Entry>> entries = new ConcurrentHashMap<>();
    private final AtomicLong anonymous = new AtomicLong();
    private final long doubtMillis;

    /** @param doubtMillis how long after sending an unanswered request may still have been counted (the request timeout) */
    public SentLedger(long doubtMillis) {
        this.doubtMillis = doubtMillis;
        for (Kind k : Kind.values()) entries.put(k, new ConcurrentHashMap<>());
    }

    /** The request for {@code id} (an impression id) was answered as the service answers an accepted event. */
    public void accepted(Kind kind, String adId, String id, long sentMs, long answeredMs) {
        Entry e = entries.get(kind).computeIfAbsent(id, k -> new Entry(adId));
        synchronized (e) {
            e.owed = true;
            widen(e, sentMs, answeredMs);
        }
    }

    /** The request was sent but no answer came (timeout, reset): it may have been counted. {@code id} null: not known (a serve). */
    public void inDoubt(Kind kind, String adId, String id, long sentMs) {
        Entry e = entries.get(kind).computeIfAbsent(id != null ? id : "?" + anonymous.incrementAndGet(), k -> new Entry(adId));
        synchronized (e) {
            e.doubt = true;
            widen(e, sentMs, sentMs + doubtMillis);
        }
    }

    private static void widen(Entry e, long fromMs, long toMs) {
        e.from = Math.min(e.from, minute(fromMs));
        e.to = Math.max(e.to, minute(toMs));
    }

    public static long minute(long ms) {
        return CountKey.minuteOf(ms);
    }

    /** The ads events were sent for. */
    public Set<String> adIds() {
        Set<String> ads = new TreeSet<>();
        for (Map<String, Entry> m : entries.values()) for (Entry e : m.values()) if (e.adId != null && !e.adId.isEmpty()) ads.add(e.adId);
        return ads;
    }

    /** Owed events of a kind in all (sure or not). */
    public long owed(Kind kind) {
        return entries.get(kind).values().stream().filter(e -> e.owed).count();
    }

    /** Events of a kind sent, never answered as accepted, that may have been counted. */
    public long inDoubt(Kind kind) {
        return entries.get(kind).values().stream().filter(e -> e.doubt && !e.owed).count();
    }

    /** Sure and maybe counts per minute, oldest first. */
    public TreeMap<Long, Minute> minutes() {
        TreeMap<Long, Minute> out = new TreeMap<>();
        for (Kind k : Kind.values()) {
            for (Entry e : entries.get(k).values()) {
                long from, to;
                boolean sure;
                synchronized (e) {
                    from = e.from;
                    to = e.to;
                    sure = e.owed && from == to;
                }
                for (long m = from; m <= to; m += 60_000L) {
                    Minute row = out.computeIfAbsent(m, x -> new Minute(new long[Kind.values().length], new long[Kind.values().length]));
                    (sure ? row.sure() : row.maybe())[k.ordinal()]++;
                }
            }
        }
        return out;
    }
}
