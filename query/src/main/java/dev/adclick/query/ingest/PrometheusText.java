package dev.adclick.query.ingest;

/**
 * Reads counter samples from the Prometheus text exposition format, enough for our own counters:
 * {@code name{label="value",…} 12.0}. Comments and other metrics are skipped.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /**
     * Sum of the samples of {@code metric} whose label {@code label} equals {@code value}.
     *
     * @throws IllegalArgumentException if a matching sample's value is not a number
     */
    public static long sum(String text, String metric, String label, String value) {
        double total = 0;
        String wanted = label + "=\"" + value + "\"";
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) continue;
            int open = line.indexOf('{');
            if (open != metric.length()) continue; // another metric sharing the prefix
            int close = line.indexOf('}', open);
            if (close < 0 || !hasLabel(line.substring(open + 1, close), wanted)) continue;
            String[] rest = line.substring(close + 1).trim().split("\\s+");
            try {
                total += Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in sample: " + line);
            }
        }
        return Math.round(total);
    }

    private static boolean hasLabel(String labels, String wanted) {
        for (String pair : labels.split(",")) {
            if (pair.trim().equals(wanted)) return true;
        }
        return false;
    }
}
