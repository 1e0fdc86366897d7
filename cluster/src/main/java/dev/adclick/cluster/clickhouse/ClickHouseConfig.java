package dev.adclick.cluster.clickhouse;

import java.nio.file.Path;

/** {@code config.xml} and {@code users.xml} of a loopback ClickHouse server (18.16 syntax, which newer servers still read). */
final class ClickHouseConfig {
    private ClickHouseConfig() {}

    static String server(Path dir, int http, int tcp, int interserver, String remoteServers) {
        return """
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
                    <timezone>UTC</timezone>
                    <mark_cache_size>67108864</mark_cache_size>
                    <uncompressed_cache_size>67108864</uncompressed_cache_size>
                    <max_concurrent_queries>50</max_concurrent_queries>
                    <mlock_executable>false</mlock_executable>
                    %5$s
                </yandex>
                """.formatted(dir, http, tcp, interserver, remoteServers);
    }

    static final String USERS = """
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
                </users>
                <quotas><default></default></quotas>
            </yandex>
            """;
}
