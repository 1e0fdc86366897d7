package dev.adclick.core.archive;

import dev.adclick.core.config.Setting;

/** Where the raw archive is: written by the Flink job, read by reconciliation. */
public final class ArchiveSettings {
    private ArchiveSettings() {}

    public static final Setting<String> ARCHIVE = Setting.text("archive", null,
            "Raw click archive (Parquet, dt=YYYY-MM-DD/hour=HH): a directory, file:// or s3a:// URI. Unset in ./adclick run: <data.dir>/archive.");
}
