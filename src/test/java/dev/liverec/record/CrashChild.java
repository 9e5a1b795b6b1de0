package dev.liverec.record;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The process {@link KillNineRecoveryTest} kills: an engine on a file database recording one task from a clip
 * pushed in real time, forever (the clip loops with growing timestamps). Prints RECORDING once files are open.
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path clipFile = Path.of(args[1]);
        DbConfig db = new DbConfig();
        db.url = Database.h2Url(dir);
        Map<RecordFormat, OutputFormat> formats = KillNineRecoveryTest.formats();
        EngineFixture fx = new EngineFixture(dir, formats, Database.open(db, dir), new CollectingStore(dir));
        for (RecordFormat f : formats.keySet()) fx.plan.templates.put(20L + f.ordinal(), EngineFixture.template(20 + f.ordinal(), f, 1800));
        StreamKey key = new StreamKey("push.example.com", "live", "kill9");
        Instant now = fx.clock.instant();
        for (RecordFormat f : formats.keySet()) {
            fx.plan.create(fx.task("t-kill-" + f, key, now.minusSeconds(1), now.plusSeconds(600), 20 + f.ordinal()));
        }
        FlvClip clip = FlvClip.parse(java.nio.file.Files.readAllBytes(clipFile));
        var pub = fx.new Publisher(key);
        long len = clip.durationMillis() + 40;
        boolean announced = false;
        for (long shift = 0; ; shift += len) {
            pub.push(clip, 0, len, shift, 1);
            if (!announced) {
                System.out.println("RECORDING");
                System.out.flush();
                announced = true;
            }
        }
    }
}
