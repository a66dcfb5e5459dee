package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.client.TlsMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FtpUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // url; tls; host; port; path; shown
            "ftp://host/a/b; NONE; host; 21; a/b; ftp://host/a/b",
            "FTP://alice:pw@Host:2121//etc; NONE; host; 2121; /etc; ftp://alice@host:2121//etc",
            "ftpes://alice@host/pub/; EXPLICIT; host; 21; pub/; ftpes://alice@host/pub/",
            "ftpes://host:2121/; EXPLICIT; host; 2121; ''; ftpes://host:2121/",
            "ftps://host/f.txt; IMPLICIT; host; 990; f.txt; ftps://host/f.txt",
            "FTPS://[::1]:21/f; IMPLICIT; ::1; 21; f; ftps://[::1]:21/f",
            "ftps://alice:p%40ss@host; IMPLICIT; host; 990; ''; ftps://alice@host/"})
    void readsTheSchemeAndItsDefaultPort(String text, TlsMode tls, String host, int port, String path, String shown) {
        FtpUrl url = FtpUrl.parse(text);
        assertEquals(tls, url.tls());
        assertEquals(host, url.host());
        assertEquals(port, url.port());
        assertEquals(path, url.path());
        assertEquals(shown, url.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "sftp://host/f; only ftp://, ftpes:// (explicit FTPS) and ftps:// (implicit FTPS) URLs are supported",
            "https://host/f; only ftp://",
            "host/f; is not a URL",
            "ftps://:990/f; has no host",
            "ftpes://host:0/; port must be 1-65535"})
    void refusesWhatIsNotAnFtpUrl(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FtpUrl.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
