package dev.liverec.cli;

import dev.liverec.config.LiverecConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The block {@code serve} logs on start names the real ports, the data directory and the database, no password. */
class StartupSummaryTest {
    @Test
    void namesConsoleApiPushUrlDataDirAndDatabase() {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = "/srv/liverec-data";
        String text = StartupSummary.text(cfg, 18080, 11935);
        assertThat(text).contains("console:      http://127.0.0.1:18080/console/")
                .contains("POST http://127.0.0.1:18080/")
                .contains("rtmp://127.0.0.1:11935/live/STREAM")
                .contains("txSecret", "ModifyLivePushAuthKey")
                .contains("data dir:     " + Path.of("/srv/liverec-data"))
                .contains("database:     jdbc:h2:file:" + Path.of("/srv/liverec-data/liverec"));

        cfg.db.url = "jdbc:postgresql://db:5432/liverec?user=rec&password=s3cret";
        cfg.http.publicUrl = "https://rec.example.com/";
        cfg.rtmp.host = "10.1.2.3";
        cfg.rtmp.requireRegisteredDomain = true;
        text = StartupSummary.text(cfg, 8080, 1935);
        assertThat(text).contains("https://rec.example.com/console/", "rtmp://10.1.2.3:1935/live/", "only domains added")
                .contains("jdbc:postgresql://db:5432/liverec?user=rec&password=***").doesNotContain("s3cret");
    }
}
