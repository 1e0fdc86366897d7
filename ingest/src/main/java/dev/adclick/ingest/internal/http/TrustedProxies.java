package dev.adclick.ingest.internal.http;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client address of a request: the connection's peer, unless that peer is a configured
 * trusted proxy, in which case {@code X-Forwarded-For} is walked from the right (the hop nearest
 * to us) past trusted proxies to the first address we do not trust. Parses IP literals only, so it
 * never triggers a DNS lookup on the event loop.
 */
public final class TrustedProxies {
    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /**
     * @param entries IPs ({@code 10.0.0.1}, {@code ::1}) or CIDRs ({@code 10.0.0.0/8})
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Cidr> out = new ArrayList<>();
        for (String e : entries) {
            if (e == null) throw new IllegalArgumentException("trustedProxies must not contain null");
            String s = e.trim();
            int slash = s.indexOf('/');
            byte[] addr = ip(slash < 0 ? s : s.substring(0, slash));
            if (addr == null) throw new IllegalArgumentException("trustedProxies: not an IP address or CIDR: " + e);
            int bits = addr.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("trustedProxies: bad prefix length in " + e);
                }
                if (bits < 0 || bits > addr.length * 8) throw new IllegalArgumentException("trustedProxies: prefix length out of range in " + e);
            }
            out.add(new Cidr(addr, bits));
        }
        return new TrustedProxies(List.copyOf(out));
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    /** True if this IP literal is a trusted proxy. */
    public boolean isTrusted(String ip) {
        byte[] a = ip(ip);
        return a != null && isTrusted(a);
    }

    /**
     * @param peer          the connection's remote IP (never null)
     * @param forwardedFor  every {@code X-Forwarded-For} value in order, or empty
     * @return the address to attribute the click to
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (cidrs.isEmpty() || forwardedFor.isEmpty() || !isTrusted(peer)) return peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                String h = part.trim();
                if (!h.isEmpty()) hops.add(h);
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = stripPort(hops.get(i));
            byte[] a = ip(hop);
            if (a == null) return client; // garbage from beyond the trusted chain: keep the last address we can vouch for
            client = hop;
            if (!isTrusted(a)) return hop;
        }
        return client;
    }

    private boolean isTrusted(byte[] a) {
        for (Cidr c : cidrs) if (c.contains(a)) return true;
        return false;
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':')) return hop.substring(0, colon); // IPv4:port
        return hop;
    }

    /** IP literal to bytes (IPv4-mapped IPv6 folded to IPv4), or null if it is not an IP literal; never a DNS lookup. */
    public static byte[] ip(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) return null;
        byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
        if (b == null) return null;
        if (b.length == 16 && isV4Mapped(b)) {
            byte[] v4 = new byte[4];
            System.arraycopy(b, 12, v4, 0, 4);
            return v4;
        }
        return b;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
