package dev.adclick.ingest.token;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ClickTokens}. */
class ClickTokensTest {
    private static final Instant NOW = Instant.parse("2025-11-28T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final ClickTokens tokens = new ClickTokens(List.of("newest-secret", "older-secret"), Duration.ofHours(24), CLOCK);

    @Test
    void mintedTokenVerifiesWithItsContent() {
        String imp = ClickTokens.newImpressionId();
        TokenCheck check = tokens.verify(tokens.mint("ad-001", imp, NOW.toEpochMilli()));
        assertThat(check.isValid()).isTrue();
        assertThat(check.token()).isEqualTo(new ClickToken(ClickTokens.VERSION, "ad-001", imp, NOW.toEpochMilli(), null));
        TokenCheck placed = tokens.verify(tokens.mint("ad-001", imp, NOW.toEpochMilli(), "home"));
        assertThat(placed.token()).isEqualTo(new ClickToken(ClickTokens.VERSION, "ad-001", imp, NOW.toEpochMilli(), "home"));
    }

    @Test
    void everyPayloadLengthDecodes() {
        // Ad ids and placements of every length give payloads of every length mod 3, so the decoder's
        // full groups and both tails (2 and 3 characters) are all exercised, with non-ASCII bytes too.
        for (int adLen = 1; adLen <= 40; adLen++) {
            for (String placement : new String[] {null, "h", "hé", "home-top"}) {
                String ad = "ä".repeat(adLen / 2) + "x".repeat(adLen % 2);
                String imp = ClickTokens.newImpressionId();
                TokenCheck check = tokens.verify(tokens.mint(ad, imp, NOW.toEpochMilli(), placement));
                assertThat(check.isValid()).as("ad id of %d characters, placement %s", ad.length(), placement).isTrue();
                assertThat(check.token()).isEqualTo(new ClickToken(ClickTokens.VERSION, ad, imp, NOW.toEpochMilli(), placement));
            }
        }
    }

    @Test
    void versionOneTokensMintedBeforeImpressionsStillVerify() {
        String imp = ClickTokens.newImpressionId();
        // the version-1 payload, as the release before impressions minted it: no placement
        byte[] ad = "ad-001".getBytes(StandardCharsets.UTF_8);
        ByteBuffer v1 = ByteBuffer.allocate(26 + ad.length);
        v1.put((byte) 1).putLong(NOW.toEpochMilli()).put(DEC.decode(imp)).put((byte) ad.length).put(ad);
        String token = resign(tokens.mint("ad-001"), "newest-secret", p -> v1.array());
        assertThat(tokens.verify(token).token()).isEqualTo(new ClickToken(1, "ad-001", imp, NOW.toEpochMilli(), null));
        String longer = resign(token, "newest-secret", p -> java.util.Arrays.copyOf(p, p.length + 1));
        assertThat(tokens.verify(longer).rejection()).isEqualTo(TokenRejection.MALFORMED);
    }

    @Test
    void placementLengthIsChecked() {
        String t = tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli(), "home");
        String cut = resign(t, "newest-secret", p -> java.util.Arrays.copyOf(p, p.length - 1));
        assertThat(tokens.verify(cut).rejection()).isEqualTo(TokenRejection.MALFORMED);
        assertThatThrownBy(() -> tokens.mint("ad-001", ClickTokens.newImpressionId(), 1, "p".repeat(ClickTokens.MAX_PLACEMENT_BYTES + 1)))
                .hasMessageContaining("placement");
    }

    @Test
    void impressionIdsAreRandomAndUnguessable() {
        String a = ClickTokens.newImpressionId();
        String b = ClickTokens.newImpressionId();
        assertThat(a).hasSize(22).isNotEqualTo(b).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void tokenIsTwoUnpaddedBase64UrlParts() {
        String t = tokens.mint("ad-001");
        assertThat(t).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void oneTokenPerPayloadNonCanonicalSpellingsAreMalformed() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String t = tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli());
        int dot = t.indexOf('.');
        // The signature (32 bytes = 43 characters) ends in a character whose 2 low bits encode
        // nothing; the payload's tail depends on the ad id's length. Setting those bits decodes to
        // the very same bytes, so only the canonical-spelling check can refuse it.
        String mac = t.substring(dot + 1);
        int last = alphabet.indexOf(mac.charAt(42));
        for (int stray = 1; stray < 4; stray++) {
            String respelled = mac.substring(0, 42) + alphabet.charAt(last | stray);
            assertThat(DEC.decode(respelled)).isEqualTo(DEC.decode(mac));
            assertThat(tokens.verify(t.substring(0, dot + 1) + respelled).rejection()).isEqualTo(TokenRejection.MALFORMED);
        }
        String payload = t.substring(0, dot);
        int freeBits = payload.length() % 4 == 2 ? 0x0f : payload.length() % 4 == 3 ? 0x03 : 0;
        if (freeBits != 0) {
            int p = alphabet.indexOf(payload.charAt(payload.length() - 1));
            String respelled = payload.substring(0, payload.length() - 1) + alphabet.charAt(p | freeBits);
            assertThat(tokens.verify(respelled + t.substring(dot)).rejection()).isEqualTo(TokenRejection.MALFORMED);
        }
        assertThat(tokens.verify(t).isValid()).isTrue();
    }

    @Test
    void changingAnyPayloadByteBreaksTheSignature() {
        String t = tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli());
        byte[] payload = DEC.decode(t.substring(0, t.indexOf('.')));
        String mac = t.substring(t.indexOf('.') + 1);
        for (int i = 0; i < payload.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] p = payload.clone();
                p[i] ^= (byte) (1 << bit);
                TokenCheck check = tokens.verify(ENC.encodeToString(p) + "." + mac);
                assertThat(check.rejection()).as("byte %d bit %d", i, bit).isEqualTo(TokenRejection.BAD_SIGNATURE);
            }
        }
    }

    @Test
    void swappingTheAdIdIsRejected() {
        String t = tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli());
        String forged = resign(t, "attacker-secret", p -> withAdId(p, "ad-002"));
        assertThat(tokens.verify(forged).rejection()).isEqualTo(TokenRejection.BAD_SIGNATURE);
        String unsigned = ENC.encodeToString(withAdId(payloadOf(t), "ad-002")) + t.substring(t.indexOf('.'));
        assertThat(tokens.verify(unsigned).rejection()).isEqualTo(TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void changingTheSignatureIsRejected() {
        String t = tokens.mint("ad-001");
        byte[] mac = DEC.decode(t.substring(t.indexOf('.') + 1));
        for (int i = 0; i < mac.length; i++) {
            byte[] m = mac.clone();
            m[i] ^= 1;
            assertThat(tokens.verify(t.substring(0, t.indexOf('.') + 1) + ENC.encodeToString(m)).rejection())
                    .isEqualTo(TokenRejection.BAD_SIGNATURE);
        }
    }

    @Test
    void expiresAfterTheTtl() {
        long ttl = Duration.ofHours(24).toMillis();
        assertThat(tokens.verify(tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli() - ttl)).isValid()).isTrue();
        assertThat(tokens.verify(tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli() - ttl - 1)).rejection())
                .isEqualTo(TokenRejection.EXPIRED);
        ClickTokens shortLived = new ClickTokens(List.of("newest-secret"), Duration.ofMinutes(1), CLOCK);
        assertThat(shortLived.verify(tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli() - 61_000)).rejection())
                .isEqualTo(TokenRejection.EXPIRED);
    }

    @Test
    void tokensFromTheFarFutureAreRejected() {
        long future = NOW.plus(ClickTokens.MAX_CLOCK_SKEW).toEpochMilli() + 1;
        assertThat(tokens.verify(tokens.mint("ad-001", ClickTokens.newImpressionId(), future)).rejection())
                .isEqualTo(TokenRejection.NOT_YET_VALID);
        assertThat(tokens.verify(tokens.mint("ad-001", ClickTokens.newImpressionId(), NOW.toEpochMilli() + 60_000)).isValid()).isTrue();
    }

    @Test
    void keyRotationNewestSignsAllVerify() {
        ClickTokens before = new ClickTokens(List.of("older-secret"), Duration.ofHours(24), CLOCK);
        ClickTokens notYetRotated = new ClickTokens(List.of("older-secret"), Duration.ofHours(24), CLOCK);
        String oldToken = before.mint("ad-001");
        // rotated in: old tokens still verify, new tokens are signed with the new secret
        assertThat(tokens.verify(oldToken).isValid()).isTrue();
        String newToken = tokens.mint("ad-001");
        assertThat(notYetRotated.verify(newToken).rejection()).isEqualTo(TokenRejection.BAD_SIGNATURE);
        assertThat(new ClickTokens(List.of("newest-secret"), Duration.ofHours(24), CLOCK).verify(newToken).isValid()).isTrue();
        // retired: the old secret removed, its tokens no longer verify
        ClickTokens retired = new ClickTokens(List.of("newest-secret"), Duration.ofHours(24), CLOCK);
        assertThat(retired.verify(oldToken).rejection()).isEqualTo(TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void unknownVersionSignedByUsIsRejected() {
        String t = tokens.mint("ad-001");
        String v3 = resign(t, "newest-secret", p -> {
            p[0] = 3;
            return p;
        });
        assertThat(tokens.verify(v3).rejection()).isEqualTo(TokenRejection.UNSUPPORTED_VERSION);
    }

    @Test
    void signedButStructurallyWrongPayloadIsMalformed() {
        String t = tokens.mint("ad-001");
        String longer = resign(t, "newest-secret", p -> {
            byte[] q = new byte[p.length + 1];
            System.arraycopy(p, 0, q, 0, p.length);
            return q;
        });
        assertThat(tokens.verify(longer).rejection()).isEqualTo(TokenRejection.MALFORMED);
        String zeroLen = resign(t, "newest-secret", p -> {
            p[25] = 0;
            return p;
        });
        assertThat(tokens.verify(zeroLen).rejection()).isEqualTo(TokenRejection.MALFORMED);
    }

    @Test
    void garbageIsMalformedNeverAnException() {
        String valid = tokens.mint("ad-001");
        List<String> garbage = List.of("", ".", "..", "a.b", valid + ".", "." + valid, valid.replace('.', '-'),
                valid + "=", valid.substring(0, valid.length() - 1), valid + "A", valid.replace("-", "+"),
                "x".repeat(100_000), "\u0000\u0001.\u0002", "é.é", valid.substring(0, valid.indexOf('.')) + ".=");
        for (String g : garbage) {
            if (g.equals(valid)) continue; // a replace() that found nothing to replace
            TokenCheck c = tokens.verify(g);
            assertThat(c.isValid()).as(g).isFalse();
        }
        assertThat(tokens.verify(null).rejection()).isEqualTo(TokenRejection.MALFORMED);
    }

    @Test
    void fuzzRandomInputsAndMutationsNeverThrowNorPass() {
        Random rnd = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/%~ \u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(120);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            assertThat(tokens.verify(sb.toString()).isValid()).isFalse();
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] p = new byte[rnd.nextInt(80)];
            byte[] m = new byte[rnd.nextBoolean() ? 32 : rnd.nextInt(40)];
            rnd.nextBytes(p);
            rnd.nextBytes(m);
            assertThat(tokens.verify(ENC.encodeToString(p) + "." + ENC.encodeToString(m)).isValid()).isFalse();
        }
        String valid = tokens.mint("ad-001");
        for (int i = 0; i < 20_000; i++) {
            char[] c = valid.toCharArray();
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits; e++) c[rnd.nextInt(c.length)] = alphabet.charAt(rnd.nextInt(alphabet.length()));
            String mutated = new String(c);
            TokenCheck check = tokens.verify(mutated);
            if (!mutated.equals(valid)) assertThat(check.isValid()).as(mutated).isFalse();
        }
    }

    @Test
    void constructorAndMintRejectBadArguments() {
        assertThatThrownBy(() -> new ClickTokens(List.of(), Duration.ofHours(1))).hasMessageContaining("tokenSecrets");
        assertThatThrownBy(() -> new ClickTokens(List.of(" "), Duration.ofHours(1))).hasMessageContaining("blank");
        assertThatThrownBy(() -> new ClickTokens(List.of("s"), Duration.ZERO)).hasMessageContaining("tokenTtl");
        assertThatThrownBy(() -> tokens.mint("x".repeat(201))).hasMessageContaining("ad id");
        assertThatThrownBy(() -> tokens.mint("ad-001", "short", 1L)).hasMessageContaining("impression id");
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] payloadOf(String token) {
        return DEC.decode(token.substring(0, token.indexOf('.')));
    }

    /** The payload with another ad id and no placement. */
    private static byte[] withAdId(byte[] payload, String adId) {
        byte[] ad = adId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(27 + ad.length);
        b.put(payload, 0, 25).put((byte) ad.length).put(ad).put((byte) 0);
        return b.array();
    }

    private static String resign(String token, String secret, java.util.function.UnaryOperator<byte[]> change) {
        byte[] p = change.apply(payloadOf(token));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return ENC.encodeToString(p) + "." + ENC.encodeToString(mac.doFinal(p));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
