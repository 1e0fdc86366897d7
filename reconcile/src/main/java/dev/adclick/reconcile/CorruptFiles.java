package dev.adclick.reconcile;

import dev.adclick.reconcile.archive.ArchiveFiles.ArchiveFile;

import java.util.ArrayList;
import java.util.List;

/** Turns a Spark read failure into a message that names the unreadable archive file. */
final class CorruptFiles {
    private CorruptFiles() {}

    /**
     * @param lookbackFiles every other file the run read (look-back, impression archive)
     * @return a {@link ReconcileException} naming the file if one of {@code files} appears in the
     *         failure; otherwise the original exception (checked ones wrapped)
     */
    static RuntimeException explain(Exception e, List<ArchiveFile> files, List<ArchiveFile> lookbackFiles) {
        List<ArchiveFile> all = new ArrayList<>(files);
        all.addAll(lookbackFiles);
        StringBuilder chain = new StringBuilder();
        String root = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                chain.append(t.getMessage()).append('\n');
                root = t.getMessage();
            }
            if (t.getCause() == t) break;
        }
        String text = chain.toString();
        // the longer tail first: a click file and an impression file may share dt=…/hour=…/name
        for (int parts = 4; parts >= 3; parts--) {
            for (ArchiveFile f : all) {
                if (text.contains(tail(f.path(), parts))) {
                    return new ReconcileException(ReconcileException.CORRUPT_ARCHIVE, "archive file " + f.path() + " ("
                            + f.bytes() + " bytes) cannot be read: " + firstLine(root) + ". Nothing was written."
                            + " Repair or restore the file (moving it away would undercount the period) and run again.", e);
                }
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("reading the archive failed: " + firstLine(root), e);
    }

    /**
     * The last {@code parts} components of a path ({@code <archive dir>/dt=…/hour=…/name} for 4):
     * what any URI form of it (plain path, {@code file:/}, {@code file:///}) shares.
     */
    private static String tail(String path, int parts) {
        String[] p = path.split("/");
        return p.length >= parts ? String.join("/", List.of(p).subList(p.length - parts, p.length)) : path;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
