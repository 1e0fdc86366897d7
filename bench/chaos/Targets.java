import dev.adclick.cli.chaos.Fault;

import java.nio.file.Path;
import java.util.List;

/** What a soak runs against and injects faults into: the embedded stack's processes or the loopback cluster. */
interface Targets extends AutoCloseable {
    /** Starts everything and waits until it answers. */
    void start() throws Exception;

    /** The click services' base URLs ({@code http://127.0.0.1:port}). */
    List<String> ingestUrls();

    String queryUrl();

    String adminKey();

    String kafkaBootstrap();

    /** The fault kinds this target has, for the seeded schedule. */
    List<Fault> kinds();

    /** Injects {@code fault}, holds it for {@code holdMillis} where it has a length, undoes it, and waits until the target is whole again. */
    void inject(Fault fault, long holdMillis) throws Exception;

    /** Reconciles one closed hour ({@code YYYY-MM-DDTHH}), its output into {@code log}; returns the reconcile job's exit code. */
    int reconcile(String hour, Path log) throws Exception;

    /** Printed under the table: the one known loss window of this target. */
    String lossNote();

    @Override
    void close();
}
