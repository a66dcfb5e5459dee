package dev.ferry.client;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One LIST line of a NetWare server: {@code d [R----F--] supervisor   512   Jan 16 18:53    login}. The
 * bracket holds NetWare trustee rights, which have no Unix mode. NetWare pads before the name, so leading
 * spaces of a name are lost.
 */
final class NetWareListingLine {

    private static final Pattern HEAD = Pattern.compile("(?<type>[-d]) +\\[[-RWCEAFMS]{8}\\] +\\S+ +(?<size>\\d+)(?=\\s)");

    private NetWareListingLine() {
    }

    static boolean recognizes(String line) {
        return HEAD.matcher(line).lookingAt();
    }

    static RemoteFile parse(String line, Instant now) throws MalformedEntryException {
        Matcher head = HEAD.matcher(line);
        if (!head.lookingAt()) {
            throw new MalformedEntryException("no NetWare type, rights, owner and size");
        }
        LsDate date = LsDate.find(line, head.end(), now)
                .filter(d -> line.substring(head.end(), d.start()).isBlank())
                .orElseThrow(() -> new MalformedEntryException("no date after the size"));
        String name = line.substring(date.end()).stripLeading();
        if (name.isEmpty()) {
            throw new MalformedEntryException("no name after the date");
        }
        long size;
        try {
            size = Long.parseLong(head.group("size"));
        } catch (NumberFormatException e) {
            throw new MalformedEntryException("size out of range: " + head.group("size"));
        }
        RemoteFile.Type type = head.group("type").equals("d") ? RemoteFile.Type.DIRECTORY : RemoteFile.Type.FILE;
        return new RemoteFile(name, type, size, Optional.of(date.instant()), "", "", Optional.empty());
    }
}
