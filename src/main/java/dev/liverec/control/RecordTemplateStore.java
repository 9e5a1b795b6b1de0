package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Record templates in table {@code record_template}; the per-format RecordParams are one JSON document. */
public final class RecordTemplateStore {
    public static final int MAX_PER_ACCOUNT = 50;
    private static final TypeReference<Map<RecordFormat, RecordParam>> PARAMS = new TypeReference<>() {};
    private static final String COLUMNS = "template_id, account_id, name, description, params, is_delay_live,"
            + " flow_continue_duration, cos_store, remove_watermark, upload_in_recording";
    private static final RowMapper<RecordTemplate> MAPPER = (rs, ctx) -> new RecordTemplate(
            rs.getLong("template_id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("description"),
            readParams(rs.getString("params")), rs.getInt("is_delay_live"), rs.getLong("flow_continue_duration"),
            (Integer) rs.getObject("cos_store", Integer.class), (Boolean) rs.getObject("remove_watermark", Boolean.class),
            (Boolean) rs.getObject("upload_in_recording", Boolean.class));

    private final ControlDb db;

    public RecordTemplateStore(ControlDb db) {
        this.db = db;
    }

    static Map<RecordFormat, RecordParam> readParams(String json) {
        try {
            Map<RecordFormat, RecordParam> m = new EnumMap<>(RecordFormat.class);
            m.putAll(Json.MAPPER.readValue(json, PARAMS));
            for (RecordFormat f : RecordFormat.values()) m.putIfAbsent(f, RecordParam.disabled());
            return m;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String writeParams(Map<RecordFormat, RecordParam> params) {
        try {
            return Json.MAPPER.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts a new template (its id is assigned); the 51st of an account is InternalError.ConfOutLimit. */
    public long create(RecordTemplate t, long nowMillis) {
        return db.inTransaction(h -> {
            ControlDb.lockAccount(h, t.accountId());
            long n = h.createQuery("SELECT COUNT(*) FROM record_template WHERE account_id = :a")
                    .bind("a", t.accountId()).mapTo(Long.class).one();
            if (n >= MAX_PER_ACCOUNT) {
                throw new ControlFailure(Reason.TEMPLATE_LIMIT,
                        "An account can have at most " + MAX_PER_ACCOUNT + " record templates.");
            }
            return h.createUpdate("INSERT INTO record_template (account_id, name, description, params, is_delay_live,"
                            + " flow_continue_duration, cos_store, remove_watermark, upload_in_recording, created_at,"
                            + " updated_at) VALUES (:a, :name, :descr, :params, :delay, :flow, :cos, :rw, :up, :now, :now)")
                    .bind("a", t.accountId()).bind("name", t.name()).bind("descr", t.description())
                    .bind("params", writeParams(t.params())).bind("delay", t.isDelayLive())
                    .bind("flow", t.flowContinueDuration()).bind("cos", t.cosStore())
                    .bind("rw", t.removeWatermark()).bind("up", t.uploadInRecording()).bind("now", nowMillis)
                    .executeAndReturnGeneratedKeys("template_id").mapTo(Long.class).one();
        });
    }

    /** The template of this account, or empty (another account's template is not found either). */
    public Optional<RecordTemplate> find(long accountId, long templateId) {
        return db.read(h -> find(h, accountId, templateId));
    }

    static Optional<RecordTemplate> find(Handle h, long accountId, long templateId) {
        return find(h, accountId, templateId, false);
    }

    /** With {@code lock}, the row stays locked until the transaction ends (rule creation vs. template deletion). */
    static Optional<RecordTemplate> find(Handle h, long accountId, long templateId, boolean lock) {
        return h.createQuery("SELECT " + COLUMNS + " FROM record_template WHERE template_id = :id AND account_id = :a"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("id", templateId).bind("a", accountId).map(MAPPER).findOne();
    }

    public List<RecordTemplate> list(long accountId, int isDelayLive) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_template WHERE account_id = :a"
                        + " AND is_delay_live = :d ORDER BY template_id")
                .bind("a", accountId).bind("d", isDelayLive).map(MAPPER).list());
    }

    public interface Change {
        RecordTemplate apply(RecordTemplate current);
    }

    /** Read-modify-write of one template in a transaction; unknown id is InvalidParameter.ConfNotFound. */
    public RecordTemplate modify(long accountId, long templateId, Change change, long nowMillis) {
        return db.inTransaction(h -> {
            RecordTemplate cur = h.createQuery("SELECT " + COLUMNS + " FROM record_template WHERE template_id = :id"
                            + " AND account_id = :a FOR UPDATE")
                    .bind("id", templateId).bind("a", accountId).map(MAPPER).findOne()
                    .orElseThrow(() -> notFound(templateId));
            RecordTemplate t = change.apply(cur);
            h.createUpdate("UPDATE record_template SET name = :name, description = :descr, params = :params,"
                            + " flow_continue_duration = :flow, remove_watermark = :rw, upload_in_recording = :up,"
                            + " updated_at = :now WHERE template_id = :id")
                    .bind("name", t.name()).bind("descr", t.description()).bind("params", writeParams(t.params()))
                    .bind("flow", t.flowContinueDuration()).bind("rw", t.removeWatermark())
                    .bind("up", t.uploadInRecording()).bind("now", nowMillis).bind("id", templateId).execute();
            return t;
        });
    }

    /** Deletes a template; one bound by a record rule is FailedOperation.ConfInUsed. */
    public void delete(long accountId, long templateId) {
        db.inTransaction(h -> {
            find(h, accountId, templateId, true).orElseThrow(() -> notFound(templateId));
            long rules = h.createQuery("SELECT COUNT(*) FROM record_rule WHERE account_id = :a AND template_id = :id")
                    .bind("a", accountId).bind("id", templateId).mapTo(Long.class).one();
            if (rules > 0) {
                throw new ControlFailure(Reason.TEMPLATE_IN_USE,
                        "The template is used by " + rules + " record rule(s); delete them first.");
            }
            h.createUpdate("DELETE FROM record_template WHERE template_id = :id AND account_id = :a")
                    .bind("id", templateId).bind("a", accountId).execute();
            return null;
        });
    }

    public static ControlFailure notFound(long templateId) {
        return new ControlFailure(Reason.TEMPLATE_NOT_FOUND, "Template " + templateId + " does not exist.");
    }
}
