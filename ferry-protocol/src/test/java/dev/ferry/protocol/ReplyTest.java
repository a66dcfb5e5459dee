package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void singleLine() {
        assertEquals("200 ok\r\n", Reply.of(ReplyCode.OK, "ok").toWire());
    }

    @Test
    void multiLineFollowsRfc959() {
        Reply reply = Reply.of(ReplyCode.SYSTEM_STATUS, List.of("Extensions supported:", " EPSV", " MLST", "End"));
        assertEquals("211-Extensions supported:\r\n EPSV\r\n MLST\r\n211 End\r\n", reply.toWire());
    }

    @Test
    void middleLineThatLooksLikeAnEndIsIndented() {
        Reply reply = Reply.of(ReplyCode.FILE_STATUS, List.of("Status:", "213 trap", "End"));
        assertEquals("213-Status:\r\n 213 trap\r\n213 End\r\n", reply.toWire());
    }

    @Test
    void refusesLineBreaksInsideText() {
        assertThrows(IllegalArgumentException.class, () -> Reply.of(ReplyCode.OK, "a\r\n200 forged"));
    }

    @Test
    void commandMasksPasswords() {
        assertEquals("PASS ****", Command.parse("pass hunter2").toLoggable());
        assertEquals("RETR a b", Command.parse("retr a b").toLoggable());
        assertEquals(new Command("STOR", " x "), Command.parse("stor  x "));
    }
}
