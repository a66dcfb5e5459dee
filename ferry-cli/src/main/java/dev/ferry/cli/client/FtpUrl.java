package dev.ferry.cli.client;

import dev.ferry.client.TlsMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code ftp://[user[:password]@]host[:port]/path} URL; {@code ftpes://} is explicit FTPS ({@code AUTH
 * TLS} on the FTP port) and {@code ftps://} implicit FTPS (TLS from the start, port 990 by default), as in
 * curl, lftp and FileZilla. As in RFC 1738 §3.2.2 and curl, the path is relative to the login directory
 * ({@code ftp://h/a/b} is {@code a/b}); a doubled slash or {@code %2F} makes it absolute ({@code ftp://h//etc}
 * is {@code /etc}). User, password and path are percent-decoded.
 */
public record FtpUrl(TlsMode tls, Optional<String> user, Optional<String> password, String host, int port,
                     String path) {

    /** How the URLs are written, for the commands' help. */
    public static final String SYNTAX = "ftp://[user[:password]@]host[:port]/path; ftpes:// or ftps:// for FTPS";

    public static FtpUrl parse(String text) {
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a URL; write ftp://host/path");
        }
        TlsMode tls = switch (text.substring(0, separator).toLowerCase(Locale.ROOT)) {
            case "ftp" -> TlsMode.NONE;
            case "ftpes" -> TlsMode.EXPLICIT;
            case "ftps" -> TlsMode.IMPLICIT;
            default -> throw new IllegalArgumentException("'" + text + "': only ftp://, ftpes:// (explicit FTPS) "
                    + "and ftps:// (implicit FTPS) URLs are supported");
        };
        String rest = text.substring(separator + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : decode(rest.substring(slash + 1));
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        String host;
        String portText = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': unclosed [ in an IPv6 address");
            }
            host = authority.substring(1, close);
            portText = authority.substring(close + 1);
            if (!portText.isEmpty() && !portText.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "': expected :port after ]");
            }
            portText = portText.isEmpty() ? "" : portText.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        int port = tls.defaultPort();
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "': port must be 1-65535, not " + portText);
            }
        }
        return new FtpUrl(tls, user, password, host.toLowerCase(Locale.ROOT), port, path);
    }

    private static String decode(String text) {
        // '+' is a literal plus in URL paths, not a space
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The last element of the path, for naming a local copy; empty for a directory URL. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether the URL names a directory: no path, or a path ending in a slash. */
    boolean isDirectory() {
        return path.isEmpty() || path.endsWith("/");
    }

    /** The URL as it may be shown: no password. */
    @Override
    public String toString() {
        String scheme = switch (tls) {
            case NONE -> "ftp";
            case EXPLICIT -> "ftpes";
            case IMPLICIT -> "ftps";
        };
        String where = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + user.map(u -> u + "@").orElse("") + where
                + (port == tls.defaultPort() ? "" : ":" + port) + "/" + path;
    }
}
