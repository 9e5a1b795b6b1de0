package dev.liverec.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiException;
import dev.liverec.api.FailureCodes;
import dev.liverec.storage.StorageHealth;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.liverec.control.ControlPlaneFixture.ALICE;
import static dev.liverec.control.ControlPlaneFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
class RecordTaskActionsTest {
    @Parameter
    String kind;
    @TempDir
    Path dir;

    ControlPlaneFixture f;
    long now;

    @BeforeEach
    void open() {
        f = ControlPlaneFixture.shared(kind, 2);
        now = ControlPlaneFixture.T0.getEpochSecond();
    }

    @AfterEach
    void close() {
        f.close();
    }

    String create(Account who, String stream, long start, long end) {
        return f.call(who, "CreateRecordTask", "{\"StreamName\":\"" + stream + "\",\"DomainName\":\"Push.Example.com\","
                + "\"AppName\":\"live\",\"StartTime\":" + start + ",\"EndTime\":" + end + "}").get("TaskId").asText();
    }

    ObjectNode describe(Account who, long from, long to, String extra) {
        return f.call(who, "DescribeRecordTask", "{\"StartTime\":" + from + ",\"EndTime\":" + to + extra + "}");
    }

    List<String> allTaskIds(Account who, long from, long to, String extra) {
        List<String> ids = new ArrayList<>();
        String token = "";
        for (int i = 0; i < 100; i++) {
            ObjectNode page = describe(who, from, to, extra + (token.isEmpty() ? "" : ",\"ScrollToken\":\"" + token + "\""));
            page.get("TaskList").forEach(t -> ids.add(t.get("TaskId").asText()));
            token = page.get("ScrollToken").asText();
            if (token.isEmpty()) return ids;
        }
        throw new AssertionError("paging does not end");
    }

    @Test
    void createdTaskIsDescribedWithEveryField() {
        String id = f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s1\",\"DomainName\":\"push.example.com\","
                + "\"AppName\":\"live\",\"StartTime\":" + (now + 60) + ",\"EndTime\":" + (now + 3600)
                + ",\"StreamType\":1,\"TemplateId\":77,\"Extension\":\"x\"}").get("TaskId").asText();
        assertThat(id).hasSize(40).matches("[0-9A-Za-z]+");
        ObjectNode out = describe(ALICE, now, now + 7200, "");
        assertThat(out.get("ScrollToken").asText()).isEmpty();
        JsonNode t = out.get("TaskList").get(0);
        assertThat(t.get("TaskId").asText()).isEqualTo(id);
        assertThat(t.get("DomainName").asText()).isEqualTo("push.example.com");
        assertThat(t.get("AppName").asText()).isEqualTo("live");
        assertThat(t.get("StreamName").asText()).isEqualTo("s1");
        assertThat(t.get("StartTime").asLong()).isEqualTo(now + 60);
        assertThat(t.get("EndTime").asLong()).isEqualTo(now + 3600);
        assertThat(t.get("TemplateId").asLong()).isEqualTo(77);
        assertThat(t.get("Stopped").asLong()).isZero();
        RecordTask stored = f.cp().plan().task(id).orElseThrow();
        assertThat(stored.streamType()).isEqualTo(1);
        assertThat(stored.extension()).isEqualTo("x");
    }

    @Test
    void taskIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        f.config.maxRunningTasks = 1000;
        for (int i = 0; i < 50; i++) ids.add(create(ALICE, "s" + i, now, now + 60));
        assertThat(ids).hasSize(50);
    }

    @Test
    void missingStartTimeMeansNow() {
        String id = f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\",\"AppName\":\"live\","
                + "\"EndTime\":" + (now + 100) + "}").get("TaskId").asText();
        RecordTask t = f.cp().plan().task(id).orElseThrow();
        assertThat(t.startTime().getEpochSecond()).isEqualTo(now);
        assertThat(t.templateId()).isZero();
        assertThat(t.streamType()).isZero();
        assertThat(t.extension()).isEmpty();
    }

    String createError(String fields) {
        return f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\",\"AppName\":\"live\""
                + fields + "}");
    }

    @Test
    void timeRulesAreInvalidTaskTime() {
        String code = "InvalidParameter.InvalidTaskTime";
        assertThat(createError(",\"EndTime\":" + now)).isEqualTo(code);                               // not after now
        assertThat(createError(",\"StartTime\":" + (now + 500) + ",\"EndTime\":" + (now + 500))).isEqualTo(code); // not after start
        assertThat(createError(",\"StartTime\":" + (now + 6 * 86400) + ",\"EndTime\":" + (now + 7 * 86400))).isEqualTo(code);
        assertThat(createError(",\"StartTime\":" + now + ",\"EndTime\":" + (now + 86401))).isEqualTo(code); // > 24 h
        assertThat(createError(",\"EndTime\":" + (now + 86401))).isEqualTo(code); // > 24 h from now without StartTime
        // the edges are accepted
        assertThat(create(ALICE, "a", now + 6 * 86400, now + 7 * 86400 - 1)).isNotEmpty();
        assertThat(create(ALICE, "b", now, now + 86400)).isNotEmpty();
        assertThat(create(ALICE, "c", now - 3600, now + 1)).isNotEmpty();
    }

    @Test
    void parameterErrors() {
        String end = ",\"EndTime\":" + (now + 60);
        assertThat(createError(",\"EndTime\":\"soon\"")).isEqualTo("InvalidParameter");
        assertThat(createError(",\"EndTime\":-5")).isEqualTo("InvalidParameter");
        assertThat(createError(end + ",\"StreamType\":2")).isEqualTo("InvalidParameterValue");
        assertThat(createError(end + ",\"TemplateId\":-1")).isEqualTo("InvalidParameter");
        assertThat(createError(end + ",\"Extension\":\"" + "x".repeat(2049) + "\"")).isEqualTo("InvalidParameterValue");
        assertThat(createError(end + ",\"Bogus\":1")).isEqualTo("UnknownParameter");
        assertThat(createError("")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"bad domain\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"../x\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\",\"AppName\":\"a/b\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        // the names RTMP refuses (stream.StreamNames, issue 10 D5), with the codes the API always gave
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"" + "s".repeat(256)
                + "\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}")).isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"" + "d".repeat(5000)
                + "\",\"AppName\":\"live\"" + end + "}")).isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"a..b\",\"DomainName\":\"d.com\",\"AppName\":\"live\""
                + end + "}")).isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"" + "d".repeat(5000) + "\",\"TemplateId\":0}"))
                .isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"d.com\",\"TemplateId\":0,\"StreamName\":\""
                + "s".repeat(256) + "\"}")).isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"d.com\",\"TemplateId\":0,\"AppName\":\"a..b\"}"))
                .isEqualTo("InvalidParameter");
        // numbers sent as strings (as in Tencent's own doc samples) are accepted
        assertThat(createError(",\"EndTime\":\"" + now + "\"")).isEqualTo("InvalidParameter.InvalidTaskTime");
    }

    @Test
    void unknownTemplateFallsBackToHls() {
        long tpl = f.call(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"flv\",\"FlvParam\":{\"Enable\":1}}")
                .get("TemplateId").asLong();
        long bobTpl = f.call(BOB, "CreateLiveRecordTemplate", "{\"TemplateName\":\"mp4\",\"Mp4Param\":{\"Enable\":1}}")
                .get("TemplateId").asLong();
        RecordTask withTpl = f.cp().plan().task(f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\","
                + "\"AppName\":\"live\",\"EndTime\":" + (now + 60) + ",\"TemplateId\":" + tpl + "}").get("TaskId").asText()).orElseThrow();
        RecordTask unknown = f.cp().plan().task(f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\","
                + "\"AppName\":\"live\",\"EndTime\":" + (now + 60) + ",\"TemplateId\":424242}").get("TaskId").asText()).orElseThrow();
        RecordTask others = f.cp().plan().task(f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\","
                + "\"AppName\":\"live\",\"EndTime\":" + (now + 60) + ",\"TemplateId\":" + bobTpl + "}").get("TaskId").asText()).orElseThrow();
        assertThat(f.cp().plan().templateFor(withTpl).param(RecordFormat.FLV).enabled()).isTrue();
        assertThat(unknown.templateId()).isEqualTo(424242);
        RecordTemplate fallback = f.cp().plan().templateFor(unknown);
        assertThat(fallback.param(RecordFormat.HLS).enabled()).isTrue();
        assertThat(fallback.param(RecordFormat.HLS).storageTime()).isZero(); // kept forever
        assertThat(fallback.param(RecordFormat.FLV).enabled()).isFalse();
        // another account's template is not used
        assertThat(f.cp().plan().templateFor(others).param(RecordFormat.MP4).enabled()).isFalse();
        assertThat(f.cp().plan().templateFor(others).param(RecordFormat.HLS).enabled()).isTrue();
    }

    @Test
    void runningTaskLimit() {
        f.config.maxRunningTasks = 2;
        String a = create(ALICE, "a", now, now + 100);
        create(ALICE, "b", now, now + 3600);
        assertThat(createError(",\"EndTime\":" + (now + 60))).isEqualTo("LimitExceeded.MaximumRunningTask");
        assertThat(create(BOB, "b", now, now + 60)).isNotEmpty(); // per account
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + a + "\"}");
        String c = create(ALICE, "c", now, now + 100);
        assertThat(createError(",\"EndTime\":" + (now + 60))).isEqualTo("LimitExceeded.MaximumRunningTask");
        f.call(ALICE, "DeleteRecordTask", "{\"TaskId\":\"" + c + "\"}");
        create(ALICE, "d", now, now + 100);
        f.clock.advance(Duration.ofSeconds(101)); // ended tasks no longer count
        create(ALICE, "e", now + 101, now + 200);
    }

    @Test
    void runningTaskLimitHoldsUnderConcurrency() throws Exception {
        f.config.maxRunningTasks = 5;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> jobs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                jobs.add(() -> {
                    try {
                        create(ALICE, "c" + n, now, now + 60);
                        return true;
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo("LimitExceeded.MaximumRunningTask");
                        return false;
                    }
                });
            }
            int ok = 0;
            for (Future<Boolean> r : pool.invokeAll(jobs)) if (r.get()) ok++;
            assertThat(ok).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stopRecordsTheUnixTimeAndIsIdempotent() {
        List<String> events = new ArrayList<>();
        f.cp().events().addListener(new TaskListener() {
            @Override public void onCreated(RecordTask t) { events.add("created " + t.taskId()); }
            @Override public void onStopped(RecordTask t) { events.add("stopped " + t.taskId() + " " + t.stoppedAt().getEpochSecond()); }
            @Override public void onDeleted(RecordTask t) { events.add("deleted " + t.taskId()); }
        });
        String id = create(ALICE, "s", now, now + 3600);
        f.clock.advance(Duration.ofSeconds(30));
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}");
        f.clock.advance(Duration.ofSeconds(30));
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}");
        assertThat(describe(ALICE, now, now + 3600, "").get("TaskList").get(0).get("Stopped").asLong()).isEqualTo(now + 30);
        f.call(ALICE, "DeleteRecordTask", "{\"TaskId\":\"" + id + "\"}");
        assertThat(events).containsExactly("created " + id, "stopped " + id + " " + (now + 30), "deleted " + id);
        RecordTask t = f.cp().plan().task(id).orElseThrow();
        assertThat(t.canStartAt(f.clock.instant())).isFalse();
        assertThat(t.deletedAt()).isNotNull();
    }

    @Test
    void listenersRunAfterTheCommit() {
        List<Boolean> visible = new ArrayList<>();
        f.cp().events().addListener(new TaskListener() {
            @Override public void onCreated(RecordTask t) { visible.add(f.cp().plan().task(t.taskId()).isPresent()); }
            @Override public void onStopped(RecordTask t) { visible.add(f.cp().plan().task(t.taskId()).orElseThrow().stoppedAt() != null); }
            @Override public void onDeleted(RecordTask t) { visible.add(f.cp().plan().task(t.taskId()).orElseThrow().deletedAt() != null); }
        });
        String id = create(ALICE, "s", now, now + 60);
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}");
        f.call(ALICE, "DeleteRecordTask", "{\"TaskId\":\"" + id + "\"}");
        assertThat(visible).containsExactly(true, true, true);
    }

    @Test
    void tasksToStartAreOldestFirst() {
        f.config.maxRunningTasks = 100;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(create(ALICE, "same", now, now + 600));
            f.clock.advance(Duration.ofMillis(5));
        }
        assertThat(f.cp().plan().tasksToStart(new StreamKey("push.example.com", "live", "same"), f.clock.instant()))
                .extracting(RecordTask::taskId).containsExactlyElementsOf(ids);
        // not yet started / already ended windows do not match
        String later = create(ALICE, "same", now + 100, now + 600);
        assertThat(f.cp().plan().tasksToStart(new StreamKey("push.example.com", "live", "same"), f.clock.instant()))
                .extracting(RecordTask::taskId).doesNotContain(later);
        assertThat(f.cp().plan().tasksToStart(new StreamKey("push.example.com", "live", "same"),
                Instant.ofEpochSecond(now + 600))).isEmpty();
    }

    @Test
    void failingListenerDoesNotFailTheRequest() {
        f.cp().events().addListener(new TaskListener() {
            @Override public void onCreated(RecordTask t) { throw new IllegalStateException("boom"); }
        });
        String id = create(ALICE, "s", now, now + 60);
        assertThat(f.cp().plan().task(id)).isPresent();
    }

    @Test
    void deleteHidesTheTask() {
        String id = create(ALICE, "s", now, now + 3600);
        String keep = create(ALICE, "t", now, now + 3600);
        f.call(ALICE, "DeleteRecordTask", "{\"TaskId\":\"" + id + "\"}");
        assertThat(allTaskIds(ALICE, now, now + 3600, "")).containsExactly(keep);
        assertThat(f.error(ALICE, "DeleteRecordTask", "{\"TaskId\":\"" + id + "\"}")).isEqualTo("ResourceNotFound.TaskId");
        assertThat(f.error(ALICE, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}")).isEqualTo("ResourceNotFound.TaskId");
        assertThat(f.error(ALICE, "StopRecordTask", "{\"TaskId\":\"nope\"}")).isEqualTo("ResourceNotFound.TaskId");
        assertThat(f.error(ALICE, "StopRecordTask", "{}")).isEqualTo("MissingParameter");
    }

    @Test
    void anotherAccountsTaskIsNotFoundAndUnchanged() {
        String id = create(ALICE, "s", now, now + 3600);
        assertThat(f.error(BOB, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}")).isEqualTo("ResourceNotFound.TaskId");
        assertThat(f.error(BOB, "DeleteRecordTask", "{\"TaskId\":\"" + id + "\"}")).isEqualTo("ResourceNotFound.TaskId");
        assertThat(describe(BOB, now, now + 3600, "").get("TaskList")).isEmpty();
        JsonNode t = describe(ALICE, now, now + 3600, "").get("TaskList").get(0);
        assertThat(t.get("TaskId").asText()).isEqualTo(id);
        assertThat(t.get("Stopped").asLong()).isZero();
        assertThat(f.cp().plan().task(id).orElseThrow().deletedAt()).isNull();
    }

    @Test
    void describeWindowRules() {
        String code = "InvalidParameter.InvalidTaskTime";
        long d = 86400;
        assertThat(f.error(ALICE, "DescribeRecordTask", "{\"StartTime\":" + (now - 90 * d - 1) + ",\"EndTime\":" + (now - 89 * d) + "}")).isEqualTo(code);
        assertThat(f.error(ALICE, "DescribeRecordTask", "{\"StartTime\":" + now + ",\"EndTime\":" + now + "}")).isEqualTo(code);
        assertThat(f.error(ALICE, "DescribeRecordTask", "{\"StartTime\":" + now + ",\"EndTime\":" + (now + 7 * d + 1) + "}")).isEqualTo(code);
        assertThat(f.error(ALICE, "DescribeRecordTask", "{\"StartTime\":" + now + "}")).isEqualTo("MissingParameter");
        assertThat(describe(ALICE, now - 90 * d, now - 83 * d, "").get("TaskList")).isEmpty();
    }

    @Test
    void describeListsOnlyTasksFullyInsideTheWindowAndFilters() {
        String inside = create(ALICE, "s", now + 100, now + 200);
        create(ALICE, "s", now + 100, now + 400);           // ends after the window
        String other = create(ALICE, "t", now + 150, now + 250);
        assertThat(allTaskIds(ALICE, now + 100, now + 300, "")).containsExactlyInAnyOrder(inside, other);
        assertThat(allTaskIds(ALICE, now + 100, now + 300, ",\"StreamName\":\"t\"")).containsExactly(other);
        assertThat(allTaskIds(ALICE, now + 100, now + 300, ",\"DomainName\":\"PUSH.example.com\",\"AppName\":\"live\""))
                .containsExactlyInAnyOrder(inside, other);
        assertThat(allTaskIds(ALICE, now + 100, now + 300, ",\"AppName\":\"other\"")).isEmpty();
        assertThat(allTaskIds(ALICE, now + 101, now + 300, "")).containsExactly(other);
    }

    @Test
    void scrollTokenPagesThroughEverythingOnce() {
        f.config.maxRunningTasks = 100;
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(ALICE, "s" + i, now, now + 60));
            f.clock.advance(Duration.ofMillis(1));
        }
        create(BOB, "b", now, now + 60);
        ObjectNode first = describe(ALICE, now, now + 60, "");
        assertThat(first.get("TaskList")).hasSize(2);
        String token = first.get("ScrollToken").asText();
        assertThat(token).isNotEmpty();
        assertThat(allTaskIds(ALICE, now, now + 60, "")).containsExactlyElementsOf(created);
        // exactly one full page: the token ends at the last page with an empty list/token
        assertThat(f.error(BOB, "DescribeRecordTask", "{\"StartTime\":" + now + ",\"EndTime\":" + (now + 60)
                + ",\"ScrollToken\":\"" + token + "\"}")).isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "DescribeRecordTask", "{\"StartTime\":" + now + ",\"EndTime\":" + (now + 60)
                + ",\"ScrollToken\":\"%%%\"}")).isEqualTo("InvalidParameter");
    }

    @Test
    void anotherAccountsDomainIsRefused() {
        f.call(ALICE, "AddLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}");
        assertThat(f.error(BOB, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"PUSH.example.com\","
                + "\"AppName\":\"live\",\"EndTime\":" + (now + 60) + "}")).isEqualTo("ResourceNotFound.DomainNotExist");
        long tpl = f.call(BOB, "CreateLiveRecordTemplate", "{\"TemplateName\":\"t\"}").get("TemplateId").asLong();
        assertThat(f.error(BOB, "CreateLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"TemplateId\":" + tpl + "}"))
                .isEqualTo("ResourceNotFound.DomainNotExist");
        long cb = f.call(BOB, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"c\",\"RecordNotifyUrl\":\"http://h/\"}")
                .get("TemplateId").asLong();
        assertThat(f.error(BOB, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\","
                + "\"TemplateId\":" + cb + "}")).isEqualTo("ResourceNotFound.DomainNotExist");
        // the owner and unregistered domains are fine
        assertThat(create(ALICE, "s", now, now + 60)).isNotEmpty();
        assertThat(f.call(BOB, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"free.example.com\","
                + "\"AppName\":\"live\",\"EndTime\":" + (now + 60) + "}").get("TaskId").asText()).isNotEmpty();
    }

    @Test
    void storageNotUsableIsInvalidVodStatus() {
        f.storage.set(new StorageHealth() {
            @Override public boolean usable() { return false; }
            @Override public String problem() { return "bucket unreachable"; }
        });
        assertThat(createError(",\"EndTime\":" + (now + 60))).isEqualTo("ResourceUnavailable.InvalidVodStatus");
        f.storage.set(new StorageHealth() {
            @Override public boolean usable() { return true; }
            @Override public String problem() { return null; }
        });
        assertThat(create(ALICE, "s", now, now + 60)).isNotEmpty();
    }

    @Test
    void accountStatesAreRefused() {
        for (AccountState s : AccountState.values()) {
            if (s == AccountState.ACTIVE) continue;
            Account a = new Account(9, 9, "x", s);
            assertThat(f.error(a, "CreateRecordTask", "{}")).isEqualTo(FailureCodes.refused(s));
            assertThat(f.error(a, "DescribeLiveRecordTemplates", "{}")).isEqualTo(FailureCodes.refused(s));
        }
    }

    @Test
    void databaseFailureIsInternalErrorWithoutDetails() {
        f = new ControlPlaneFixture(kind, dir, 2);
        f.db().close();
        try {
            f.call(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\",\"AppName\":\"live\","
                    + "\"EndTime\":" + (now + 60) + "}");
            throw new AssertionError("succeeded");
        } catch (ApiException e) {
            assertThat(e.code()).isIn("InternalError.SystemError", "InternalError.GetConfigError");
            assertThat(e.getMessage()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("jdbc")
                    .doesNotContainIgnoringCase("pool").doesNotContain("liverec-db");
        }
        assertThatThrownBy(() -> describe(ALICE, now, now + 60, ""))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).startsWith("InternalError."));
        f.reopen();
    }

    @Test
    void stateSurvivesARestart() {
        f = new ControlPlaneFixture(kind, dir, 2);
        String id = create(ALICE, "s", now, now + 60);
        long tpl = f.call(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"keep\",\"Mp4Param\":{\"Enable\":1}}")
                .get("TemplateId").asLong();
        f.call(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"TemplateId\":" + tpl + "}");
        long cb = f.call(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"cb\",\"RecordNotifyUrl\":\"http://h/r\"}")
                .get("TemplateId").asLong();
        f.call(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\",\"TemplateId\":" + cb + "}");
        f.call(ALICE, "AddLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}");
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + id + "\"}");
        f.reopen();
        assertThat(allTaskIds(ALICE, now, now + 60, "")).containsExactly(id);
        assertThat(describe(ALICE, now, now + 60, "").get("TaskList").get(0).get("Stopped").asLong()).isEqualTo(now);
        assertThat(f.call(ALICE, "DescribeLiveRecordTemplate", "{\"TemplateId\":" + tpl + "}").get("Template")
                .get("Mp4Param").get("Enable").asInt()).isEqualTo(1);
        assertThat(f.call(ALICE, "DescribeLiveRecordRules", "{}").get("Rules")).hasSize(1);
        assertThat(f.call(ALICE, "DescribeLiveCallbackRules", "{}").get("Rules")).hasSize(1);
        assertThat(f.cp().domains().find("push.example.com").orElseThrow().accountId()).isEqualTo(ALICE.id());
        // ids keep growing after a restart
        long tpl2 = f.call(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"next\"}").get("TemplateId").asLong();
        assertThat(tpl2).isGreaterThan(tpl);
    }

    @Test
    void streamNameLimits() {
        String end = ",\"EndTime\":" + (now + 60);
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"" + "s".repeat(256) + "\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"a\\u0001b\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"a\\\\b\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"\",\"DomainName\":\"d.com\",\"AppName\":\"live\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(f.error(ALICE, "CreateRecordTask", "{\"StreamName\":\"s\",\"DomainName\":\"d.com\",\"AppName\":\".\"" + end + "}"))
                .isEqualTo("InvalidParameter");
        assertThat(create(ALICE, "s".repeat(255), now, now + 60)).isNotEmpty();
    }

    @Test
    void purgeDeletesTasksOlderThanTheRetention() {
        f.config.maxRunningTasks = 100;
        String old = create(ALICE, "old", now, now + 3600);
        f.clock.advance(Duration.ofDays(10));
        String recent = create(ALICE, "new", now + 10 * 86400, now + 10 * 86400 + 60);
        TaskPurgeJob job = new TaskPurgeJob(f.cp().tasks(), f.clock, Duration.ofDays(92));
        assertThat(job.runOnce()).isZero();
        f.clock.set(Instant.ofEpochSecond(now + 3600).plus(Duration.ofDays(92)).plusSeconds(1));
        assertThat(job.runOnce()).isEqualTo(1);
        assertThat(f.cp().plan().task(old)).isEmpty();
        assertThat(f.cp().plan().task(recent)).isPresent();
    }

    @Test
    void recordPlanMatchesStreamsAndDomainOwners() {
        f.config.maxRunningTasks = 100;
        String a = create(ALICE, "s", now, now + 60);
        String later = create(ALICE, "s", now + 600, now + 700);
        String b = create(BOB, "s", now, now + 60);
        StreamKey key = new StreamKey("push.example.com", "live", "s");
        Instant t = f.clock.instant();
        // unregistered domain: every account's tasks
        assertThat(f.cp().plan().tasksToStart(key, t)).extracting(RecordTask::taskId).containsExactlyInAnyOrder(a, b);
        // once Alice owns the domain, only hers
        f.call(ALICE, "AddLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}");
        assertThat(f.cp().plan().tasksToStart(key, t)).extracting(RecordTask::taskId).containsExactly(a);
        assertThat(f.cp().plan().tasksToStart(new StreamKey("push.example.com", "live", "x"), t)).isEmpty();
        assertThat(f.cp().plan().tasksOpenOrUpcoming(t, 300)).extracting(RecordTask::taskId).containsExactlyInAnyOrder(a, b);
        assertThat(f.cp().plan().tasksOpenOrUpcoming(t, 600)).extracting(RecordTask::taskId).contains(later);
        f.call(ALICE, "StopRecordTask", "{\"TaskId\":\"" + a + "\"}");
        assertThat(f.cp().plan().tasksToStart(key, t)).isEmpty();
        assertThat(f.cp().plan().task(a).orElseThrow().mustStopAt(t)).isTrue();
    }

    @Test
    void legacyActionsNameTheNewOnes() {
        for (String[] pair : new String[][]{{"CreateLiveRecord", "CreateRecordTask"}, {"StopLiveRecord", "StopRecordTask"},
                {"DeleteLiveRecord", "DeleteRecordTask"}}) {
            assertThatThrownBy(() -> f.call(ALICE, pair[0], "{\"StreamName\":\"s\"}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo("UnsupportedOperation");
                        assertThat(e.getMessage()).contains(pair[1]);
                    });
        }
    }
}
