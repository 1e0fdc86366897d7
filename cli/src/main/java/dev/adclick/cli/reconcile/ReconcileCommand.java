package dev.adclick.cli.reconcile;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./adclick reconcile}: placeholder wired once the reconcile module lands. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Recompute a closed hour or day from the archive and correct the stored counts.")
public final class ReconcileCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("adclick: reconcile is not wired yet");
        return 2;
    }
}
