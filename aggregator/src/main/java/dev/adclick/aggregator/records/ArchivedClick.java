package dev.adclick.aggregator.records;

import dev.adclick.core.click.Click;
import org.apache.avro.reflect.AvroName;
import org.apache.avro.reflect.Nullable;

/**
 * One parsed click as archived in Parquet: the topic's fields (snake_case columns, as in
 * DESIGN §3.2) plus the Kafka partition and offset it was read from.
 */
public class ArchivedClick {
    @AvroName("click_id") private String clickId;
    @AvroName("ad_id") private String adId;
    @AvroName("impression_id") @Nullable private String impressionId;
    private long ts;
    @AvroName("ip_hash") @Nullable private String ipHash;
    @AvroName("ua_hash") @Nullable private String uaHash;
    private boolean verified;
    private int partition;
    private long offset;

    public ArchivedClick() {}

    public static ArchivedClick of(KafkaClick k) {
        Click c = k.getClick();
        ArchivedClick a = new ArchivedClick();
        a.clickId = c.getClickId();
        a.adId = c.getAdId();
        a.impressionId = c.getImpressionId();
        a.ts = c.getTs();
        a.ipHash = c.getIpHash();
        a.uaHash = c.getUaHash();
        a.verified = c.isVerified();
        a.partition = k.getPartition();
        a.offset = k.getOffset();
        return a;
    }

    /** A too-late click, archived apart; where it was read from is not carried this far (-1). */
    public static ArchivedClick ofTooLate(Click c) {
        ArchivedClick a = of(KafkaClick.valid(c, -1, -1, -1));
        return a;
    }

    public String getClickId() { return clickId; }
    public void setClickId(String clickId) { this.clickId = clickId; }
    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public String getImpressionId() { return impressionId; }
    public void setImpressionId(String impressionId) { this.impressionId = impressionId; }
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public String getIpHash() { return ipHash; }
    public void setIpHash(String ipHash) { this.ipHash = ipHash; }
    public String getUaHash() { return uaHash; }
    public void setUaHash(String uaHash) { this.uaHash = uaHash; }
    public boolean isVerified() { return verified; }
    public void setVerified(boolean verified) { this.verified = verified; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
}
