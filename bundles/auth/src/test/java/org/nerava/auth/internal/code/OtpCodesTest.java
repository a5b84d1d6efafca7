package org.nerava.auth.internal.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OtpCodesTest {

    private static final byte[] KEY_1 = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] KEY_2 = "fedcba9876543210fedcba9876543210".getBytes();

    private final OtpCodes codes = new OtpCodes(6, Map.of("k1", KEY_1));

    @Test
    void codesAreSixAsciiDigitsAndVary() {
        Set<String> seen = new HashSet<>();
        int[] firstDigit = new int[10];
        for (int i = 0; i < 2000; i++) {
            String code = codes.newCode();
            assertThat(code).matches("[0-9]{6}");
            seen.add(code);
            firstDigit[code.charAt(0) - '0']++;
        }
        assertThat(seen).hasSizeGreaterThan(1950);
        // Leading zeros happen: every first digit shows up (2000 draws, expected 200 each).
        for (int count : firstDigit) {
            assertThat(count).isBetween(120, 290);
        }
    }

    @Test
    void theStoredHashNamesItsKeyAndHoldsNoDigitsOfTheCode() {
        String hash = codes.hash("challenge-1", "+14155550123", "123456");
        assertThat(hash).startsWith("k1$").doesNotContain("123456");
        assertThat(codes.matches(hash, "challenge-1", "+14155550123", "123456")).isTrue();
    }

    @Test
    void aHashMatchesOnlyItsOwnCodeChallengeAndPhone() {
        String hash = codes.hash("challenge-1", "+14155550123", "123456");
        assertThat(codes.matches(hash, "challenge-1", "+14155550123", "123457")).isFalse();
        assertThat(codes.matches(hash, "challenge-2", "+14155550123", "123456")).isFalse();
        assertThat(codes.matches(hash, "challenge-1", "+14155550124", "123456")).isFalse();
    }

    @Test
    void rotationKeepsOldCodesValidUntilTheOldKeyIsRemoved() {
        String oldHash = codes.hash("c", "+14155550123", "000111");
        Map<String, byte[]> rotated = new LinkedHashMap<>();
        rotated.put("k2", KEY_2);
        rotated.put("k1", KEY_1);
        OtpCodes afterRotation = new OtpCodes(6, rotated);
        assertThat(afterRotation.hash("c", "+14155550123", "000111")).startsWith("k2$");
        assertThat(afterRotation.matches(oldHash, "c", "+14155550123", "000111")).isTrue();
        OtpCodes oldKeyRemoved = new OtpCodes(6, Map.of("k2", KEY_2));
        assertThat(oldKeyRemoved.matches(oldHash, "c", "+14155550123", "000111")).isFalse();
    }

    @Test
    void wellFormedMeansExactlyTheConfiguredNumberOfAsciiDigits() {
        assertThat(codes.isWellFormed("012345")).isTrue();
        assertThat(codes.isWellFormed("12345")).isFalse();
        assertThat(codes.isWellFormed("1234567")).isFalse();
        assertThat(codes.isWellFormed("12345a")).isFalse();
        assertThat(codes.isWellFormed("١٢٣٤٥٦")).isFalse();
        assertThat(codes.isWellFormed(null)).isFalse();
    }

    @Test
    void keysParseFromIdColonBase64AndShortOrBrokenKeysAreRefused() {
        String secret = Base64.getEncoder().encodeToString(KEY_1);
        assertThat(OtpCodes.parseKeys(List.of("a:" + secret, "b:" + secret))).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> OtpCodes.parseKeys(List.of("no-colon"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpCodes.parseKeys(List.of("a:%%%"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpCodes(6, Map.of("short", new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
