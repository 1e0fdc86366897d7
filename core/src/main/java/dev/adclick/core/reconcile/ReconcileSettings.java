package dev.adclick.core.reconcile;

import dev.adclick.core.config.Setting;

/**
 * Settings of reconciliation that other processes share: the stack launches the Spark job with
 * them, and the query API shows the newest report from the same directory.
 */
public final class ReconcileSettings {
    private ReconcileSettings() {}

    public static final Setting<String> REPORTS_DIR = Setting.text("reconcile.reports-dir", "data/reconcile-reports",
            "Where reconciliation keeps its JSON reports (<period>-<timestamp>.json and latest.json). In ./adclick run: <data.dir>/reconcile-reports.")
            .alsoKnownAs("reports-dir");
}
