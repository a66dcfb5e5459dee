package dev.ferry.cli.client.shell;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Remote paths as the shell reasons about them: always '/'-separated, whatever the local system. Only used
 * to name cached listings and to pick local names; commands send the paths as typed, and the server decides.
 */
final class RemotePaths {

    private RemotePaths() {
    }

    /** {@code path} made absolute against {@code directory}, with {@code .}, {@code ..} and doubled slashes gone. */
    static String resolve(String directory, String path) {
        String joined = path.startsWith("/") ? path : directory + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The directory holding an absolute path; the root's parent is the root. */
    static String parent(String absolute) {
        int slash = absolute.lastIndexOf('/');
        return slash <= 0 ? "/" : absolute.substring(0, slash);
    }

    /** The last element of a path as typed ({@code a/b.txt} → {@code b.txt}), ignoring a trailing slash. */
    static String name(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
