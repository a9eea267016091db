package io.jnsq.broker.v2;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionLogTest {

    @Test
    void aBurstIsCutToTheLimitAndCountedThenReportedAtClose() {
        ConnectionLog log = new ConnectionLog(NOPLogger.NOP_LOGGER, "[test]");
        for (int i = 0; i < 1000; i++) {
            log.info("PROTOCOL(V2): [{}] {}", "test", i);
        }
        assertEquals(1000 - ConnectionLog.LINES_PER_SECOND, log.suppressed());
        log.close();
        assertEquals(0, log.suppressed());
    }
}
