package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One xferlog line per transfer, in the field order that log analysers expect. */
class TransferLogIT {

    @TempDir
    Path dir;

    @Test
    void writesOneXferlogLinePerTransfer() throws Exception {
        Path log = dir.resolve("xferlog");
        try (TestServer server = TestServer.start(b -> b.transferLog(log))) {
            FTPClient ftp = new FTPClient();
            ftp.connect("127.0.0.1", server.port());
            assertTrue(ftp.login(TestServer.USER, TestServer.PASSWORD));
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            assertTrue(ftp.storeFile("my file.bin", new ByteArrayInputStream(new byte[12345])));
            ftp.setFileType(FTP.ASCII_FILE_TYPE);
            assertTrue(ftp.retrieveFile("my file.bin", new ByteArrayOutputStream()));
            ftp.logout();
            ftp.disconnect();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        // current-time(5 fields) transfer-time host size name type flag direction mode user service auth id status
        String[] upload = lines.get(0).split(" +");
        assertEquals(List.of("127.0.0.1", "12345", "/my_file.bin", "b", "_", "i", "r", "alice", "ftp", "0", "*", "c"),
                List.of(upload).subList(6, 18));
        String[] download = lines.get(1).split(" +");
        assertEquals(List.of("a", "_", "o", "r", "alice"), List.of(download).subList(9, 14));
        assertTrue(lines.get(0).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} \\d+ .*"), lines.get(0));
    }
}
