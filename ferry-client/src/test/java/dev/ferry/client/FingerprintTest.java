package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {

    private static final String HEX = "5d41402abc4b2a76b9719d911017c592ae5d41402abc4b2a76b9719d911017c5";

    @ParameterizedTest
    @ValueSource(strings = {
            "sha256:" + HEX,
            "SHA256:5D41402ABC4B2A76B9719D911017C592AE5D41402ABC4B2A76B9719D911017C5",
            "sha256:5D:41:40:2A:BC:4B:2A:76:B9:71:9D:91:10:17:C5:92:AE:5D:41:40:2A:BC:4B:2A:76:B9:71:9D:91:10:17:C5",
            "  sha256:" + HEX + "\n"})
    void readsHexInEitherCaseWithOrWithoutColons(String text) {
        Fingerprint fingerprint = Fingerprint.parse(text);
        assertEquals(HEX, fingerprint.hex());
        assertEquals("sha256:" + HEX, fingerprint.toString());
        assertEquals(fingerprint, Fingerprint.parse(fingerprint.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            HEX + "; starts with sha256:",
            "sha1:" + HEX + "; starts with sha256:",
            "sha256:" + "5d41402a; 64 hex digits",
            "sha256:" + HEX + "00; 64 hex digits",
            "sha256:" + "zz41402abc4b2a76b9719d911017c592ae5d41402abc4b2a76b9719d911017c5; 64 hex digits"})
    void refusesWhatIsNotASha256Fingerprint(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void isTheDigestOfTheCertificatesDerEncoding() throws Exception {
        X509Certificate certificate = TestCertificate.get().certificate();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        assertEquals(HexFormat.of().formatHex(digest), Fingerprint.of(certificate).hex());
    }
}
