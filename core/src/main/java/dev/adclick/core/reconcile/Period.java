package dev.adclick.core.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A closed-or-not UTC period to reconcile: one hour ({@code 2026-11-27T10}) or one day
 * ({@code 2026-11-27}). In core because the Spark job and the stack's schedule must agree on it.
 */
public final class Period {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");

    private final Instant start;
    private final Instant end;
    private final String label;

    private Period(Instant start, Instant end, String label) {
        this.start = start;
        this.end = end;
        this.label = label;
    }

    /** Parses {@code YYYY-MM-DDTHH} (UTC). */
    public static Period hour(String text) {
        try {
            LocalDateTime t = LocalDateTime.parse(Objects.requireNonNull(text, "hour"), HOUR);
            Instant s = t.toInstant(ZoneOffset.UTC);
            return new Period(s, s.plus(1, ChronoUnit.HOURS), HOUR.format(t));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--hour must look like 2026-11-27T10 (UTC), was '" + text + "'");
        }
    }

    /** Parses {@code YYYY-MM-DD} (UTC). */
    public static Period day(String text) {
        try {
            LocalDate d = LocalDate.parse(Objects.requireNonNull(text, "date"));
            Instant s = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Period(s, s.plus(1, ChronoUnit.DAYS), d.toString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date must look like 2026-11-27 (UTC), was '" + text + "'");
        }
    }

    public Instant start() { return start; }
    /** Exclusive. */
    public Instant end() { return end; }
    /** {@code 2026-11-27T10} or {@code 2026-11-27}. */
    public String label() { return label; }

    /** The UTC hours {@code [from, to)} as {@code dt=YYYY-MM-DD/hour=HH} partition paths. */
    public static List<String> hourPartitions(Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
            LocalDateTime t = LocalDateTime.ofInstant(h, ZoneOffset.UTC);
            out.add(String.format("dt=%s/hour=%02d", t.toLocalDate(), t.getHour()));
        }
        return out;
    }

    /** This period's own partitions. */
    public List<String> partitions() {
        return hourPartitions(start, end);
    }

    /** The earliest instant at which this period counts as closed (see {@link PeriodClosing}). */
    public Instant closedAt(PeriodClosing closing) {
        return end.plus(closing.delay());
    }

    /** True for a day, false for an hour. */
    public boolean isDay() {
        return label.length() == 10;
    }

    /** The period of the same kind just before this one. */
    public Period previous() {
        return isDay() ? day(LocalDate.ofInstant(start, ZoneOffset.UTC).minusDays(1).toString())
                : hour(HOUR.format(LocalDateTime.ofInstant(start.minus(1, ChronoUnit.HOURS), ZoneOffset.UTC)));
    }

    /** The hour or day that contains {@code t}. */
    public static Period containing(Instant t, boolean day) {
        LocalDateTime u = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return day ? day(u.toLocalDate().toString()) : hour(HOUR.format(u));
    }

    @Override
    public String toString() {
        return label + " [" + start + ", " + end + ")";
    }
}
