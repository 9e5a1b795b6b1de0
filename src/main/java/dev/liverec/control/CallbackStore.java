package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Callback templates ({@code callback_template}) and callback rules ({@code callback_rule}: domain + app → template). */
public final class CallbackStore {
    public static final int MAX_TEMPLATES_PER_ACCOUNT = 50;

    /** A stored template: the contract record plus the deprecated mix URL, which only the API echoes. */
    public record Stored(CallbackTemplate template, String streamMixNotifyUrl) {}

    public record Rule(long accountId, String domain, String app, long templateId, Instant createdAt,
                       Instant updatedAt) {}

    private static final RowMapper<Stored> TEMPLATE = (rs, ctx) -> new Stored(new CallbackTemplate(
            rs.getLong("template_id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("description"),
            rs.getString("stream_begin_notify_url"), rs.getString("stream_end_notify_url"),
            rs.getString("record_notify_url"), rs.getString("record_status_notify_url"),
            rs.getString("snapshot_notify_url"), rs.getString("porn_censorship_notify_url"),
            rs.getString("callback_key"), rs.getString("push_exception_notify_url"),
            rs.getString("audio_audit_notify_url"), rs.getString("record_exception_notify_url"),
            levels(rs.getString("record_exception_levels"))), rs.getString("stream_mix_notify_url"));
    private static final RowMapper<Rule> RULE = (rs, ctx) -> new Rule(rs.getLong("account_id"),
            rs.getString("domain_name"), rs.getString("app_name"), rs.getLong("template_id"),
            Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));

    private final ControlDb db;

    public CallbackStore(ControlDb db) {
        this.db = db;
    }

    private static List<String> levels(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static Update bindAll(Update u, Stored s) {
        CallbackTemplate t = s.template();
        return u.bind("name", t.name()).bind("descr", t.description())
                .bind("begin", t.streamBeginNotifyUrl()).bind("end", t.streamEndNotifyUrl())
                .bind("rec", t.recordNotifyUrl()).bind("recstatus", t.recordStatusNotifyUrl())
                .bind("snap", t.snapshotNotifyUrl()).bind("porn", t.pornCensorshipNotifyUrl())
                .bind("mix", s.streamMixNotifyUrl()).bind("pushex", t.pushExceptionNotifyUrl())
                .bind("audio", t.audioAuditNotifyUrl()).bind("recex", t.recordExceptionNotifyUrl())
                .bind("levels", String.join(",", t.recordExceptionLevels())).bind("key", t.callbackKey());
    }

    public long createTemplate(Stored s, long nowMillis) {
        long accountId = s.template().accountId();
        return db.inTransaction(h -> {
            ControlDb.lockAccount(h, accountId);
            long n = h.createQuery("SELECT COUNT(*) FROM callback_template WHERE account_id = :a")
                    .bind("a", accountId).mapTo(Long.class).one();
            if (n >= MAX_TEMPLATES_PER_ACCOUNT) {
                throw new ControlFailure(Reason.TEMPLATE_LIMIT,
                        "An account can have at most " + MAX_TEMPLATES_PER_ACCOUNT + " callback templates.");
            }
            return bindAll(h.createUpdate("INSERT INTO callback_template (account_id, name, description,"
                    + " stream_begin_notify_url, stream_end_notify_url, record_notify_url, record_status_notify_url,"
                    + " snapshot_notify_url, porn_censorship_notify_url, stream_mix_notify_url,"
                    + " push_exception_notify_url, audio_audit_notify_url, record_exception_notify_url,"
                    + " record_exception_levels, callback_key, created_at, updated_at) VALUES (:a, :name, :descr,"
                    + " :begin, :end, :rec, :recstatus, :snap, :porn, :mix, :pushex, :audio, :recex, :levels, :key,"
                    + " :now, :now)"), s)
                    .bind("a", accountId).bind("now", nowMillis)
                    .executeAndReturnGeneratedKeys("template_id").mapTo(Long.class).one();
        });
    }

    public Optional<Stored> findTemplate(long accountId, long templateId) {
        return db.read(h -> findTemplate(h, accountId, templateId, false));
    }

    private static Optional<Stored> findTemplate(Handle h, long accountId, long templateId, boolean lock) {
        return h.createQuery("SELECT * FROM callback_template WHERE template_id = :id AND account_id = :a"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("id", templateId).bind("a", accountId).map(TEMPLATE).findOne();
    }

    public List<Stored> listTemplates(long accountId) {
        return db.read(h -> h.createQuery("SELECT * FROM callback_template WHERE account_id = :a ORDER BY template_id")
                .bind("a", accountId).map(TEMPLATE).list());
    }

    public interface Change {
        Stored apply(Stored current);
    }

    public Stored modifyTemplate(long accountId, long templateId, Change change, long nowMillis) {
        return db.inTransaction(h -> {
            Stored cur = findTemplate(h, accountId, templateId, true).orElseThrow(() -> notFound(templateId));
            Stored next = change.apply(cur);
            bindAll(h.createUpdate("UPDATE callback_template SET name = :name, description = :descr,"
                    + " stream_begin_notify_url = :begin, stream_end_notify_url = :end, record_notify_url = :rec,"
                    + " record_status_notify_url = :recstatus, snapshot_notify_url = :snap,"
                    + " porn_censorship_notify_url = :porn, stream_mix_notify_url = :mix,"
                    + " push_exception_notify_url = :pushex, audio_audit_notify_url = :audio,"
                    + " record_exception_notify_url = :recex, record_exception_levels = :levels, callback_key = :key,"
                    + " updated_at = :now WHERE template_id = :id"), next)
                    .bind("now", nowMillis).bind("id", templateId).execute();
            return next;
        });
    }

    /** Deletes a callback template; one bound by a callback rule is FailedOperation.ConfInUsed. */
    public void deleteTemplate(long accountId, long templateId) {
        db.inTransaction(h -> {
            findTemplate(h, accountId, templateId, true).orElseThrow(() -> notFound(templateId));
            long rules = h.createQuery("SELECT COUNT(*) FROM callback_rule WHERE account_id = :a AND template_id = :id")
                    .bind("a", accountId).bind("id", templateId).mapTo(Long.class).one();
            if (rules > 0) {
                throw new ControlFailure(Reason.TEMPLATE_IN_USE,
                        "The callback template is used by " + rules + " callback rule(s); delete them first.");
            }
            h.createUpdate("DELETE FROM callback_template WHERE template_id = :id").bind("id", templateId).execute();
            return null;
        });
    }

    public void createRule(Rule r) {
        db.inTransaction(h -> {
            findTemplate(h, r.accountId(), r.templateId(), true).orElseThrow(() -> notFound(r.templateId()));
            int n = h.createUpdate("INSERT INTO callback_rule (account_id, domain_name, app_name, template_id,"
                            + " created_at, updated_at) VALUES (:a, :d, :app, :tpl, :now, :now) ON CONFLICT DO NOTHING")
                    .bind("a", r.accountId()).bind("d", r.domain()).bind("app", r.app()).bind("tpl", r.templateId())
                    .bind("now", r.createdAt().toEpochMilli()).execute();
            if (n == 0) {
                throw new ControlFailure(Reason.RULE_EXISTS,
                        "A callback rule for this domain and AppName already exists.");
            }
            return null;
        });
    }

    public void deleteRule(long accountId, String domain, String app) {
        db.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM callback_rule WHERE account_id = :a AND domain_name = :d"
                            + " AND app_name = :app")
                    .bind("a", accountId).bind("d", domain).bind("app", app).execute();
            if (n == 0) throw new ControlFailure(Reason.RULE_NOT_FOUND, "No callback rule matches.");
            return null;
        });
    }

    public List<Rule> listRules(long accountId) {
        return db.read(h -> h.createQuery("SELECT * FROM callback_rule WHERE account_id = :a"
                        + " ORDER BY created_at, domain_name, app_name")
                .bind("a", accountId).map(RULE).list());
    }

    /** The template bound to (domain, app), else to (domain, ""), for this account. */
    public Optional<CallbackTemplate> templateFor(long accountId, String domain, String app) {
        return db.read(h -> h.createQuery("SELECT t.* FROM callback_rule r JOIN callback_template t"
                        + " ON t.template_id = r.template_id AND t.account_id = r.account_id"
                        + " WHERE r.account_id = :a AND r.domain_name = :d AND (r.app_name = :app OR r.app_name = '')"
                        + " ORDER BY CASE WHEN r.app_name = '' THEN 1 ELSE 0 END")
                .bind("a", accountId).bind("d", domain).bind("app", app).map(TEMPLATE).findFirst()
                .map(Stored::template));
    }

    public static ControlFailure notFound(long templateId) {
        return new ControlFailure(Reason.TEMPLATE_NOT_FOUND,
                "Callback template " + templateId + " does not exist.");
    }
}
