package dev.liverec.record.schedule;

import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.record.session.ParkedPlaylist;
import dev.liverec.record.session.PublishBuffer;
import dev.liverec.record.session.RecordContext;
import dev.liverec.record.session.RecordSession;
import dev.liverec.record.session.Recording;
import dev.liverec.record.session.RecordingSpec;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * Starts one owner's recordings of one publish: a session per format its template enables, each of a new
 * {@link Recording} (journaled before its first byte), or of the owner's parked HLS playlist when the re-push came
 * in time. Runs on the scheduler thread (journal writes block).
 */
final class RecordingStarter {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStarter.class);

    private final RecordContext ctx;
    private final ParkedPlaylists parked;
    private final RecordSession.Host host;

    /** @param host also told (through {@link RecordSession.Host#noSpace}) of a commit cut short by ENOSPC */
    RecordingStarter(RecordContext ctx, ParkedPlaylists parked, RecordSession.Host host) {
        this.ctx = ctx;
        this.parked = parked;
        this.host = host;
    }

    /** @return the started sessions (none when no format could start) */
    OwnerSessions start(String owner, RecordTask task, RecordTemplate tpl, long accountId, LiveStream stream,
                        PublishBuffer buffer) {
        OwnerSessions run = new OwnerSessions(owner, task, stream);
        for (RecordFormat f : RecordFormat.values()) {
            RecordParam param = tpl.param(f);
            if (!param.enabled()) continue;
            if (ctx.format(f) == null) {
                LOG.warn("{}: format {} is not supported, not recorded", owner, f);
                continue;
            }
            RecordingSpec spec = spec(owner, task, tpl, accountId, stream.key(), f, param);
            ParkedPlaylist resume = parked.take(owner, stream.key(), f);
            try {
                Recording rec;
                if (resume != null) {
                    rec = resume.recording();
                    LOG.info("{} {}: re-push within FlowContinueDuration, playlist {} continues", stream.key(), owner,
                            rec.id());
                } else {
                    rec = newRecording(spec);
                }
                RecordSession s = new RecordSession(ctx, rec, host, resume);
                run.sessions.add(s);
                s.start(stream, buffer);
            } catch (Exception e) {
                LOG.error("{}: cannot start {} recording of {}", owner, f, stream.key(), e);
                ctx.metrics().failed();
                ctx.events().status(spec, null, "failed", "start: " + e.getMessage());
            }
        }
        return run;
    }

    private Recording newRecording(RecordingSpec spec) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        var dir = ctx.store().workDir(spec.accountId(), spec.stream(), id);
        Instant now = ctx.clock().instant();
        ctx.journal().insert(new SessionJournal.Entry(id, ctx.node(), spec.accountId(), spec.taskId(), spec.ownerId(),
                spec.templateId(), spec.stream(), spec.format(), dir, "r", now));
        Recording rec = new Recording(id, spec, dir, now, ctx);
        rec.onNoSpace(() -> host.stranded(id));
        return rec;
    }

    static RecordingSpec spec(String owner, RecordTask task, RecordTemplate tpl, long accountId, StreamKey key,
                              RecordFormat f, RecordParam param) {
        long interval = f == RecordFormat.HLS ? 0 : Math.max(1, param.recordInterval()) * 1000L;
        long flow = f == RecordFormat.HLS ? tpl.flowContinueDuration() * 1000L : 0;
        return new RecordingSpec(owner, task, tpl.templateId(), accountId, key, f, param, interval, flow,
                task == null ? null : task.endTime());
    }
}
