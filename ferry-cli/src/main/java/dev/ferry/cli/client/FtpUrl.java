package dev.ferry.cli.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code ftp://[user[:password]@]host[:port]/path} URL. As in RFC 1738 §3.2.2 and curl, the path is
 * relative to the login directory ({@code ftp://h/a/b} is {@code a/b}); a doubled slash or {@code %2F}
 * makes it absolute ({@code ftp://h//etc} is {@code /etc}). User, password and path are percent-decoded.
 */
public record FtpUrl(Optional<String> user, Optional<String> password, String host, int port, String path) {

    static final int DEFAULT_PORT = 21;

    public static FtpUrl parse(String text) {
        String rest;
        if (text.regionMatches(true, 0, "ftp://", 0, 6)) {
            rest = text.substring(6);
        } else if (text.contains("://")) {
            throw new IllegalArgumentException("'" + text + "': only ftp:// URLs are supported");
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a URL; write ftp://host/path");
        }
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
        int port = DEFAULT_PORT;
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
        return new FtpUrl(user, password, host.toLowerCase(Locale.ROOT), port, path);
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
        String where = host.contains(":") ? "[" + host + "]" : host;
        return "ftp://" + user.map(u -> u + "@").orElse("") + where + (port == DEFAULT_PORT ? "" : ":" + port)
                + "/" + path;
    }
}
