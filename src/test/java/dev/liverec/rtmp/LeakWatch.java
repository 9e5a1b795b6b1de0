package dev.liverec.rtmp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turns Netty's leak reports (logged by ResourceLeakDetector at PARANOID level) into test failures: install before
 * the test, then {@link #assertNoLeaks()} forces collection and a few allocations so pending reports get logged.
 */
public final class LeakWatch {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);

    public static LeakWatch install() {
        LeakWatch w = new LeakWatch();
        w.appender.start();
        w.logger.addAppender(w.appender);
        return w;
    }

    public void assertNoLeaks() throws InterruptedException {
        try {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
                for (int k = 0; k < 200; k++) {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
                    b.release();
                    ByteBuf u = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                    u.release();
                }
            }
            List<String> leaks = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK")).collect(Collectors.toList());
            assertThat(leaks).as("Netty leak reports").isEmpty();
        } finally {
            logger.detachAppender(appender);
        }
    }
}
