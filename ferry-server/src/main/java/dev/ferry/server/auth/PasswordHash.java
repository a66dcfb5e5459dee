package dev.ferry.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Salted slow password hashes: argon2id in the PHC string format for new hashes (OWASP's minimum: 19 MiB,
 * two passes), and bcrypt ({@code $2y$...}, as htpasswd writes) accepted for imported users.
 */
public final class PasswordHash {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern ARGON2ID = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified when a name is unknown, so that unknown names cost as much time as known ones. */
    static final String DUMMY = hash("ferry-dummy-password");

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = argon2id(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches; false also for a hash in a form Ferry does not know. */
    public static boolean verify(String encoded, String password) {
        if (encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$")) {
            try {
                // Bouncy Castle compares the recomputed bcrypt string in constant time (Strings.constantTimeAreEqual).
                return OpenBSDBCrypt.checkPassword(encoded, password.toCharArray());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        Matcher m = ARGON2ID.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] actual = argon2id(password, B64_DECODER.decode(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether the text has the shape of a hash Ferry can verify. */
    public static boolean isKnownFormat(String encoded) {
        return ARGON2ID.matcher(encoded).matches() || encoded.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    }

    private static byte[] argon2id(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                   int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
