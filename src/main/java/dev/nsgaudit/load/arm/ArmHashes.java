package dev.nsgaudit.load.arm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The two deterministic hashes of ARM templates.
 *
 * <p>uniqueString(a, b, ...): the arguments joined with '-', UTF-8, hashed with the 64-bit MurmurHash variant
 * of Azure Resource Manager (two interleaved 32-bit lanes with constants 0x239b961b/0xab0e9789, MurmurHash3's
 * finaliser on each lane), written as 13 characters of the alphabet a-z2-7, five bits at a time from the most
 * significant end. Checked against values published by people who ran ARM or its own library (see
 * ArmHashesTest): "tyeth" gives zcztcwvu6iyg6, "test" gives rbgf3xv4ufgzg, "hello","world" gives a7wkljktk6wne.
 *
 * <p>guid(a, b, ...): a name-based UUID version 5 (RFC 4122 section 4.3, SHA-1) in the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 of the arguments joined with '-'. Microsoft documents the RFC 4122
 * algorithm; the namespace and the '-' join come from independent re-implementations that agree with each
 * other. No output produced by Azure itself was found published, so this one is not verified against ARM.
 */
final class ArmHashes {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final byte[] GUID_NAMESPACE = {
        0x11, (byte) 0xfb, 0x06, (byte) 0xfb, 0x71, 0x2d, 0x4d, (byte) 0xdd,
        (byte) 0x98, (byte) 0xc7, (byte) 0xe7, 0x1b, (byte) 0xbd, 0x58, (byte) 0x88, 0x30};

    private ArmHashes() {
    }

    static String uniqueString(List<String> parts) {
        long h = murmur64(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        char[] out = new char[13];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt((int) (h >>> 59));
            h <<= 5;
        }
        return new String(out);
    }

    /** The 64-bit hash behind uniqueString(), seed 0. */
    static long murmur64(byte[] data) {
        final int c1 = 0x239b961b;
        final int c2 = 0xab0e9789;
        int h1 = 0;
        int h2 = 0;
        int i = 0;
        int n = data.length;
        for (; i + 8 <= n; i += 8) {
            h1 ^= mixLane1(littleEndian(data, i, 4), c1, c2);
            h1 = Integer.rotateLeft(h1, 19) + h2;
            h1 = h1 * 5 + 0x561ccd1b;
            h2 ^= mixLane2(littleEndian(data, i + 4, 4), c1, c2);
            h2 = Integer.rotateLeft(h2, 13) + h1;
            h2 = h2 * 5 + 0x0bcaa747;
        }
        int tail = n - i;
        if (tail > 0) {
            h1 ^= mixLane1(littleEndian(data, i, Math.min(tail, 4)), c1, c2);
            if (tail > 4) {
                h2 ^= mixLane2(littleEndian(data, i + 4, tail - 4), c1, c2);
            }
        }
        h1 ^= n;
        h2 ^= n;
        h1 += h2;
        h2 += h1;
        h1 = finalMix(h1);
        h2 = finalMix(h2);
        h1 += h2;
        h2 += h1;
        return ((long) h2 << 32) | (h1 & 0xFFFF_FFFFL);
    }

    private static int mixLane1(int k, int c1, int c2) {
        return Integer.rotateLeft(k * c1, 15) * c2;
    }

    private static int mixLane2(int k, int c1, int c2) {
        return Integer.rotateLeft(k * c2, 17) * c1;
    }

    private static int littleEndian(byte[] data, int at, int count) {
        int v = 0;
        for (int k = count - 1; k >= 0; k--) {
            v = (v << 8) | (data[at + k] & 0xFF);
        }
        return v;
    }

    private static int finalMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    static String guid(List<String> parts) {
        byte[] hash;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(GUID_NAMESPACE);
            hash = sha1.digest(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80);
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
        }
        return sb.toString();
    }
}
