package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;

/** Record rules in table {@code record_rule}: (account, domain, app, stream) → template; "" = any app / stream. */
public final class RecordRuleStore {
    private static final RowMapper<RecordRule> MAPPER = (rs, ctx) -> new RecordRule(rs.getLong("account_id"),
            rs.getString("domain_name"), rs.getString("app_name"), rs.getString("stream_name"),
            rs.getLong("template_id"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at")));

    private final ControlDb db;

    public RecordRuleStore(ControlDb db) {
        this.db = db;
    }

    /**
     * Adds a rule. The template must be this account's (InvalidParameter.ConfNotFound); the same
     * domain/app/stream twice is FailedOperation.RuleAlreadyExist.
     */
    public void create(RecordRule r) {
        db.inTransaction(h -> {
            RecordTemplateStore.find(h, r.accountId(), r.templateId(), true)
                    .orElseThrow(() -> RecordTemplateStore.notFound(r.templateId()));
            int n = h.createUpdate("INSERT INTO record_rule (account_id, domain_name, app_name, stream_name, template_id,"
                            + " created_at, updated_at) VALUES (:a, :d, :app, :s, :tpl, :now, :now) ON CONFLICT DO NOTHING")
                    .bind("a", r.accountId()).bind("d", r.domain()).bind("app", r.app()).bind("s", r.stream())
                    .bind("tpl", r.templateId()).bind("now", r.createdAt().toEpochMilli()).execute();
            if (n == 0) {
                throw new ControlFailure(Reason.RULE_EXISTS,
                        "A record rule for this domain, AppName and StreamName already exists.");
            }
            return null;
        });
    }

    /** Deletes the rule that matches exactly; none is FailedOperation.NotFound. */
    public void delete(long accountId, String domain, String app, String stream) {
        db.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM record_rule WHERE account_id = :a AND domain_name = :d"
                            + " AND app_name = :app AND stream_name = :s")
                    .bind("a", accountId).bind("d", domain).bind("app", app).bind("s", stream).execute();
            if (n == 0) throw new ControlFailure(Reason.RULE_NOT_FOUND, "No record rule matches exactly.");
            return null;
        });
    }

    public List<RecordRule> list(long accountId) {
        return db.read(h -> h.createQuery("SELECT * FROM record_rule WHERE account_id = :a"
                        + " ORDER BY created_at, domain_name, app_name, stream_name")
                .bind("a", accountId).map(MAPPER).list());
    }

    /** Rules of {@code accountId} on {@code domain} that match app and stream (a rule's "" matches any). */
    public List<RecordRule> matching(long accountId, String domain, String app, String stream) {
        return db.read(h -> h.createQuery("SELECT * FROM record_rule WHERE account_id = :a AND domain_name = :d"
                        + " AND (app_name = '' OR app_name = :app) AND (stream_name = '' OR stream_name = :s)"
                        + " ORDER BY created_at, app_name, stream_name")
                .bind("a", accountId).bind("d", domain).bind("app", app).bind("s", stream).map(MAPPER).list());
    }
}
