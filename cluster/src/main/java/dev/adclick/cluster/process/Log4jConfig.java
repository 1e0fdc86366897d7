package dev.adclick.cluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Log4j 2 configuration for a child JVM: everything to stdout (which {@link NodeProcess} sends to the node's log file). */
public final class Log4jConfig {
    private Log4jConfig() {}

    /**
     * Writes {@code log4j2.properties} into {@code dir}.
     *
     * @return the JVM option that makes the child use it
     */
    public static String write(Path dir, String rootLevel) throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.createDirectories(dir);
        Files.writeString(file, """
                rootLogger.level = %s
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %%d{HH:mm:ss.SSS} %%-5level %%c{1} - %%msg%%n
                """.formatted(rootLevel));
        return "-Dlog4j.configurationFile=" + file.toUri();
    }
}
