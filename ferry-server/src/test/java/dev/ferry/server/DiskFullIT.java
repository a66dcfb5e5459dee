package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.server.fs.Uploads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for real: a 2 MiB tmpfs served as the root (needs root, as in CI; skipped otherwise). The
 * upload that fills it gets 452, the file it would have replaced keeps its content, and what arrived stays
 * under the hidden name.
 */
@Timeout(60)
class DiskFullIT {

    @TempDir
    Path dir;

    @Test
    void anUploadThatFillsTheDiskGets452AndLeavesTheFileIntact() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a small tmpfs to fill needs root (the CI runs the tests as root)");
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) == 0,
                "mount -t tmpfs failed (a container without CAP_SYS_ADMIN?)");
        try {
            byte[] old = FileTrees.randomBytes(200_000, 1);
            Files.write(mount.resolve("f.bin"), old);
            byte[] upload = FileTrees.randomBytes(4 << 20, 2);
            try (TestServer server = TestServer.start(b -> b.root(mount)); RawFtp ftp =
                    RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                try (Socket data = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, ftp.pasvPort())) {
                    ftp.expect(150, ftp.send("STOR f.bin"));
                    try {
                        OutputStream out = data.getOutputStream();
                        out.write(upload);
                        data.shutdownOutput();
                    } catch (IOException e) {
                        // the server stopped reading when the disk was full and reset the connection
                    }
                    RawFtp.Reply full = ftp.read();
                    assertEquals(452, full.code(), full.toString());
                    assertTrue(full.text().startsWith("Insufficient storage space"), full.toString());
                }
                assertArrayEquals(old, Files.readAllBytes(mount.resolve("f.bin")), "the file keeps its content");
                Path partial = Uploads.temporaryFor(mount.resolve("f.bin"));
                long kept = Files.size(partial);
                assertTrue(kept > 0 && kept < upload.length, "partial upload of " + kept + " bytes");
                assertArrayEquals(java.util.Arrays.copyOf(upload, (int) kept), Files.readAllBytes(partial));

                // the session goes on; giving the upload up (DELE) frees the space, and a small upload works
                ftp.expect(250, ftp.send("DELE f.bin"));
                ftp.expect(226, ftp.upload("STOR f.bin", old).last());
            }
            assertArrayEquals(old, Files.readAllBytes(mount.resolve("f.bin")));
            assertEquals(Set.of("f.bin"), FileTrees.entries(mount));
        } finally {
            run("umount", mount.toString()); // what the tmpfs held goes with it
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return p.exitValue();
    }
}
