package dev.adclick.ingest;

/**
 * When the click spool forces its writes to the disk. A process crash ({@code kill -9}) loses
 * nothing under any policy (written bytes are in the OS page cache); the policy only decides what
 * a power loss or kernel crash can take.
 */
public enum SpoolFsync {
    /** fsync after every batch the spool writer writes (group commit): nothing lost on power loss. */
    EVERY_WRITE,
    /** fsync at most every {@link IngestOptions#spoolFsyncInterval()}: up to that much lost on power loss. */
    INTERVAL,
    /** Leave flushing to the OS. */
    NEVER
}
