package dev.adclick.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What it takes to start a real ClickHouse server beside this JVM on loopback: the binary's
 * command line and a {@code config.xml} / {@code users.xml} that keep everything (data, temp files,
 * logs) in one directory. Used by the store tests' throwaway servers and by the loopback cluster's
 * shards. The XML is the 18.16 syntax of Debian's package, which newer servers still read.
 */
public final class ClickHouseServerCommand {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server", "/usr/bin/clickhouse");

    private ClickHouseServerCommand() {}

    /**
     * The server's command line without its config file argument: the binary named by
     * {@code -Dadclick.clickhouse.server} or {@code ADCLICK_CLICKHOUSE_SERVER}, else the first
     * installed of the usual paths.
     *
     * @throws IllegalStateException naming what to install when there is none
     */
    public static List<String> command() {
        String configured = System.getProperty("adclick.clickhouse.server", System.getenv("ADCLICK_CLICKHOUSE_SERVER"));
        List<String> candidates = configured == null || configured.isBlank() ? CANDIDATES : List.of(configured);
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                // the all-in-one binary of upstream packages takes the tool name as first argument
                return c.endsWith("/clickhouse") ? List.of(c, "server") : List.of(c);
            }
        }
        throw new IllegalStateException("no ClickHouse server binary found (looked for " + candidates + "): "
                + "run `apt-get update && apt-get install -y clickhouse-server tzdata` (Debian's package, ClickHouse 18.16), "
                + "or point -Dadclick.clickhouse.server / ADCLICK_CLICKHOUSE_SERVER at a clickhouse-server binary");
    }

    /**
     * Writes {@code config.xml} and {@code users.xml} into {@code dir} (and creates {@code log/}).
     *
     * @param extraConfig XML added inside the server config, e.g. {@code <remote_servers>}; may be empty
     * @param extraUsers  XML added inside {@code <users>}, next to the passwordless {@code default}; may be empty
     * @return the config file, for {@code --config-file=}
     */
    public static Path write(Path dir, int httpPort, int tcpPort, int interserverPort, String timezone,
                             String extraConfig, String extraUsers) throws IOException {
        Path d = dir.toAbsolutePath();
        Files.createDirectories(d.resolve("log"));
        Path config = d.resolve("config.xml");
        Files.writeString(config, """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>information</level>
                        <log>%1$s/log/server.log</log>
                        <errorlog>%1$s/log/error.log</errorlog>
                        <size>10M</size>
                        <count>1</count>
                    </logger>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <interserver_http_port>%4$d</interserver_http_port>
                    <interserver_http_host>127.0.0.1</interserver_http_host>
                    <listen_host>127.0.0.1</listen_host>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>%5$s</timezone>
                    <mark_cache_size>67108864</mark_cache_size>
                    <uncompressed_cache_size>67108864</uncompressed_cache_size>
                    <max_concurrent_queries>50</max_concurrent_queries>
                    <mlock_executable>false</mlock_executable>
                    %6$s
                </yandex>
                """.formatted(d, httpPort, tcpPort, interserverPort, timezone, extraConfig));
        Files.writeString(d.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                    <profiles>
                        <default>
                            <max_memory_usage>1000000000</max_memory_usage>
                            <max_threads>2</max_threads>
                        </default>
                    </profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                        %s
                    </users>
                    <quotas><default></default></quotas>
                </yandex>
                """.formatted(extraUsers));
        return config;
    }

    /** A loopback user of the default profile, as {@code extraUsers} for {@link #write}. */
    public static String user(String name, String password) {
        return """
                <%1$s>
                    <password>%2$s</password>
                    <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                    <profile>default</profile>
                    <quota>default</quota>
                </%1$s>""".formatted(name, xmlText(password));
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
