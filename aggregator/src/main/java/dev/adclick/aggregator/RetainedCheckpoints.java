package dev.adclick.aggregator;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a restart resumes from: the newest completed checkpoint ({@code <dir>/<job>/chk-N})
 * or savepoint ({@code <dir>/savepoints/savepoint-*}) under the checkpoint directory, on any
 * Flink filesystem. A snapshot is complete once its {@code _metadata} file exists.
 */
final class RetainedCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedCheckpoints.class);
    static final String SAVEPOINTS = "savepoints";

    private record Snapshot(Path dir, Path owner, long modified) {}

    private RetainedCheckpoints() {}

    static String savepointDir(String checkpointDir) {
        return new Path(checkpointDir, SAVEPOINTS).toString();
    }

    /** The newest complete checkpoint or savepoint, if any. */
    static Optional<String> latest(String checkpointDir) throws IOException {
        return find(checkpointDir).stream()
                .max((a, b) -> Long.compare(a.modified, b.modified))
                .map(s -> s.dir.toString());
    }

    /**
     * Deletes every retained snapshot except {@code keep} (the one this start resumes from):
     * each restart otherwise leaves one more retained checkpoint behind.
     */
    static void deleteAllBut(String checkpointDir, String keep) {
        try {
            Path keepOwner = new Path(keep).getParent();
            for (Snapshot s : find(checkpointDir)) {
                if (s.dir.toString().equals(keep)) continue;
                FileSystem fs = s.owner.getFileSystem();
                boolean savepoint = s.owner.getName().equals(SAVEPOINTS);
                // a savepoint, or a checkpoint of the job we resume from: just that snapshot;
                // a checkpoint of an older job: the whole job directory (its shared state too)
                fs.delete(savepoint || s.owner.equals(keepOwner) ? s.dir : s.owner, true);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up old checkpoints in {}: {}", checkpointDir, e.getMessage());
        }
    }

    private static List<Snapshot> find(String checkpointDir) throws IOException {
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        List<Snapshot> out = new ArrayList<>();
        if (!fs.exists(root)) return out;
        for (FileStatus owner : list(fs, root)) {
            if (!owner.isDir()) continue;
            for (FileStatus snap : list(fs, owner.getPath())) {
                String name = snap.getPath().getName();
                if (!snap.isDir() || !(name.startsWith("chk-") || name.startsWith("savepoint-"))) continue;
                Path metadata = new Path(snap.getPath(), "_metadata");
                if (fs.exists(metadata)) {
                    out.add(new Snapshot(snap.getPath(), owner.getPath(), fs.getFileStatus(metadata).getModificationTime()));
                }
            }
        }
        return out;
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] s = fs.listStatus(dir);
        return s == null ? new FileStatus[0] : s;
    }
}
