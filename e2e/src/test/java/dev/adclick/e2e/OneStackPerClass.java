package dev.adclick.e2e;

import dev.adclick.cli.stack.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Tests that share one embedded stack per test class, on a fresh data directory. */
abstract class OneStackPerClass extends StackTestBase {
    @TempDir
    static Path dataDir;
    static EmbeddedStack stack;

    @BeforeAll
    static void startTheClassStack() throws Exception {
        stack = startStack(dataDir);
    }

    @AfterAll
    static void stopTheClassStack() {
        if (stack != null) stack.close();
        stack = null;
    }
}
