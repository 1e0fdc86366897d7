package dev.adclick.cluster;

import dev.adclick.core.archive.ArchiveColumn;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the click archive back from S3 the way any S3 client would (the AWS SDK: list the bucket,
 * get the objects), and the Parquet objects with DuckDB. Only committed files of the clicks tree
 * count ({@code <prefix>/dt=…/hour=…/…}, names not starting with {@code .} or {@code _}), the rule
 * reconciliation reads by (reconcile/README.md, Semantics 1).
 */
final class S3Archive {
    /** One archived Kafka record of the clicks topic. */
    record Row(String clickId, String adId, long ts, boolean verified, int partition, long offset) {}

    private S3Archive() {}

    static S3Client client(String endpoint, String accessKey, String secretKey) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                // S3Proxy computes no CRC32 checksums: ask for and check them only where S3 requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** The archive root's clicks tree: every hour ({@code <root>/dt=…}), not rejected/, too-late/ or impressions/. */
    static String allHours(String root) {
        return root + "/dt=";
    }

    /** The keys of the committed files whose key starts with {@code keyPrefix}. */
    static List<String> clickFiles(S3Client s3, String bucket, String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(keyPrefix).build()).contents()) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (!name.startsWith(".") && !name.startsWith("_") && !name.contains(".inprogress")) keys.add(o.key());
        }
        return keys;
    }

    /** Every row of the committed click files under {@code keyPrefix}, downloaded into {@code tmp} and read with DuckDB. */
    static List<Row> rows(S3Client s3, String bucket, String keyPrefix, Path tmp) throws Exception {
        List<String> keys = clickFiles(s3, bucket, keyPrefix);
        if (keys.isEmpty()) return List.of();
        Path dir = Files.createTempDirectory(Files.createDirectories(tmp), "s3-archive-");
        List<String> files = new ArrayList<>();
        for (String key : keys) {
            Path f = dir.resolve(files.size() + ".parquet");
            s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), f);
            files.add("'" + f + "'");
        }
        String cols = List.of(ArchiveColumn.CLICK_ID, ArchiveColumn.AD_ID, ArchiveColumn.TS, ArchiveColumn.VERIFIED, ArchiveColumn.PARTITION,
                ArchiveColumn.OFFSET).stream().map(c -> '"' + c.column() + '"').collect(Collectors.joining(", "));
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + cols + " FROM read_parquet([" + String.join(", ", files) + "])")) {
            while (rs.next()) rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getInt(5), rs.getLong(6)));
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return rows;
    }
}
