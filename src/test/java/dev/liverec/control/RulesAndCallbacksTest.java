package dev.liverec.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static dev.liverec.control.ControlPlaneFixture.ALICE;
import static dev.liverec.control.ControlPlaneFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
class RulesAndCallbacksTest {
    @Parameter
    String kind;
    ControlPlaneFixture f;

    @BeforeEach
    void open() {
        f = ControlPlaneFixture.shared(kind, ControlPlane.DEFAULT_PAGE_SIZE);
    }

    long recordTemplate(String name, String format) {
        return f.call(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"" + name + "\",\"" + format + "\":{\"Enable\":1}}")
                .get("TemplateId").asLong();
    }

    long callbackTemplate(String extra) {
        return f.call(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"cb\",\"RecordNotifyUrl\":\"http://127.0.0.1:9/rec\""
                + extra + "}").get("TemplateId").asLong();
    }

    @Test
    void recordRulesBindTemplatesToStreams() {
        long flv = recordTemplate("flv", "FlvParam");
        long mp4 = recordTemplate("mp4", "Mp4Param");
        f.call(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"Push.Example.com\",\"TemplateId\":" + flv + "}");
        f.clock.advance(Duration.ofSeconds(1));
        f.call(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"TemplateId\":" + mp4
                + ",\"AppName\":\"live\",\"StreamName\":\"s1\"}");
        JsonNode rules = f.call(ALICE, "DescribeLiveRecordRules", "{}").get("Rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("CreateTime").asText()).isEqualTo("2026-03-01 20:00:00"); // T0 in Beijing time
        assertThat(rules.get(0).get("UpdateTime").asText()).isEqualTo("2026-03-01 20:00:00");
        assertThat(rules.get(0).get("DomainName").asText()).isEqualTo("push.example.com");
        assertThat(rules.get(0).get("AppName").asText()).isEmpty();
        assertThat(rules.get(0).get("StreamName").asText()).isEmpty();
        assertThat(rules.get(0).get("TemplateId").asLong()).isEqualTo(flv);
        assertThat(rules.get(1).get("StreamName").asText()).isEqualTo("s1");
        assertThat(rules.get(1).get("CreateTime").asText()).isEqualTo("2026-03-01 20:00:01");

        List<RecordTemplate> s1 = f.cp().plan().ruleTemplatesFor(new StreamKey("push.example.com", "live", "s1"), ALICE.id());
        assertThat(s1).extracting(RecordTemplate::templateId).containsExactlyInAnyOrder(flv, mp4);
        List<RecordTemplate> s2 = f.cp().plan().ruleTemplatesFor(new StreamKey("push.example.com", "live", "s2"), ALICE.id());
        assertThat(s2).extracting(RecordTemplate::templateId).containsExactly(flv);
        assertThat(f.cp().plan().ruleTemplatesFor(new StreamKey("push.example.com", "live", "s1"), BOB.id())).isEmpty();
        assertThat(f.cp().plan().ruleTemplatesFor(new StreamKey("other.com", "live", "s1"), ALICE.id())).isEmpty();

        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"TemplateId\":" + mp4 + "}"))
                .isEqualTo("FailedOperation.RuleAlreadyExist");
        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"x.com\",\"TemplateId\":987654}"))
                .isEqualTo("InvalidParameter.ConfNotFound");
        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"not a domain\",\"TemplateId\":" + flv + "}"))
                .isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"x.com\"}")).isEqualTo("MissingParameter");

        // delete matches domain + app + stream exactly
        assertThat(f.error(ALICE, "DeleteLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\"}"))
                .isEqualTo("FailedOperation.NotFound");
        assertThat(f.error(BOB, "DeleteLiveRecordRule", "{\"DomainName\":\"push.example.com\"}")).isEqualTo("FailedOperation.NotFound");
        assertThat(f.call(BOB, "DescribeLiveRecordRules", "{}").get("Rules")).isEmpty();
        f.call(ALICE, "DeleteLiveRecordRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\",\"StreamName\":\"s1\"}");
        assertThat(f.call(ALICE, "DescribeLiveRecordRules", "{}").get("Rules")).hasSize(1);
    }

    @Test
    void callbackTemplateFieldsAndDefaults() {
        long id = f.call(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"回调-1\",\"Description\":\"d\","
                + "\"StreamBeginNotifyUrl\":\"http://h/b\",\"StreamEndNotifyUrl\":\"https://h/e\",\"RecordNotifyUrl\":\"http://h:8080/r?x=1\","
                + "\"RecordStatusNotifyUrl\":\"http://h/rs\",\"SnapshotNotifyUrl\":\"http://h/s\",\"PornCensorshipNotifyUrl\":\"http://h/p\","
                + "\"CallbackKey\":\"k3y\",\"StreamMixNotifyUrl\":\"http://h/m\",\"PushExceptionNotifyUrl\":\"http://h/pe\","
                + "\"AudioAuditNotifyUrl\":\"http://h/a\",\"RecordExceptionNotifyUrl\":\"http://h/re\",\"RecordExceptionLevels\":[\"error\",\"info\"]}")
                .get("TemplateId").asLong();
        JsonNode t = f.call(ALICE, "DescribeLiveCallbackTemplate", "{\"TemplateId\":" + id + "}").get("Template");
        assertThat(t.get("TemplateName").asText()).isEqualTo("回调-1");
        assertThat(t.get("StreamBeginNotifyUrl").asText()).isEqualTo("http://h/b");
        assertThat(t.get("StreamEndNotifyUrl").asText()).isEqualTo("https://h/e");
        assertThat(t.get("RecordNotifyUrl").asText()).isEqualTo("http://h:8080/r?x=1");
        assertThat(t.get("StreamMixNotifyUrl").asText()).isEqualTo("http://h/m");
        assertThat(t.get("CallbackKey").asText()).isEqualTo("k3y");
        assertThat(t.get("PushExceptionNotifyUrl").asText()).isEqualTo("http://h/pe");
        assertThat(t.get("RecordExceptionLevels")).extracting(JsonNode::asText).containsExactly("error", "info");
        CallbackTemplate stored = f.cp().callbacks().findTemplate(ALICE.id(), id).orElseThrow().template();
        assertThat(stored.recordStatusNotifyUrl()).isEqualTo("http://h/rs");
        assertThat(stored.audioAuditNotifyUrl()).isEqualTo("http://h/a");

        long minimal = callbackTemplate("");
        JsonNode m = f.call(ALICE, "DescribeLiveCallbackTemplates", "{}").get("Templates").get(1);
        assertThat(m.get("TemplateId").asLong()).isEqualTo(minimal);
        assertThat(m.get("StreamBeginNotifyUrl").asText()).isEmpty();
        assertThat(m.get("PushExceptionNotifyUrl").isNull()).isTrue();
        assertThat(m.get("CallbackKey").asText()).isEmpty();
    }

    @Test
    void callbackTemplateValidation() {
        String unsafe = "InvalidParameter.UrlNotSafe";
        for (String bad : List.of("ftp://h/x", "javascript:alert(1)", "file:///etc/passwd", "/relative", "http://", "http://u:p@h/x", "not a url")) {
            assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"" + bad + "\"}"))
                    .as(bad).isEqualTo(unsafe);
        }
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\"}")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"\"}")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"RecordNotifyUrl\":\"http://h/\"}")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"a b\",\"RecordNotifyUrl\":\"http://h/\"}"))
                .isEqualTo("InvalidParameter.ArgsNotMatch");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"http://h/\","
                + "\"RecordExceptionLevels\":[\"fatal\"]}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"http://h/\","
                + "\"CallbackKey\":\"has space\"}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"http://h/\","
                + "\"TemplateId\":1}")).isEqualTo("UnknownParameter");
        for (int i = 0; i < 50; i++) callbackTemplate("");
        assertThat(f.error(ALICE, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"http://h/\"}"))
                .isEqualTo("InternalError.ConfOutLimit");
    }

    @Test
    void modifyCallbackTemplateIsPartial() {
        long id = callbackTemplate(",\"StreamBeginNotifyUrl\":\"http://h/b\",\"CallbackKey\":\"key1\"");
        f.call(ALICE, "ModifyLiveCallbackTemplate", "{\"TemplateId\":" + id + ",\"StreamBeginNotifyUrl\":\"\",\"Description\":\"new\"}");
        JsonNode t = f.call(ALICE, "DescribeLiveCallbackTemplate", "{\"TemplateId\":" + id + "}").get("Template");
        assertThat(t.get("StreamBeginNotifyUrl").asText()).isEmpty();
        assertThat(t.get("RecordNotifyUrl").asText()).isEqualTo("http://127.0.0.1:9/rec");
        assertThat(t.get("CallbackKey").asText()).isEqualTo("key1");
        assertThat(t.get("Description").asText()).isEqualTo("new");
        assertThat(t.get("TemplateName").asText()).isEqualTo("cb");
        assertThat(f.error(ALICE, "ModifyLiveCallbackTemplate", "{\"TemplateId\":" + id + ",\"RecordNotifyUrl\":\"\"}"))
                .isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "ModifyLiveCallbackTemplate", "{\"TemplateId\":" + id + ",\"RecordNotifyUrl\":\"gopher://x\"}"))
                .isEqualTo("InvalidParameter.UrlNotSafe");
        assertThat(f.call(ALICE, "DescribeLiveCallbackTemplate", "{\"TemplateId\":" + id + "}").get("Template")
                .get("RecordNotifyUrl").asText()).isEqualTo("http://127.0.0.1:9/rec");
        assertThat(f.error(BOB, "ModifyLiveCallbackTemplate", "{\"TemplateId\":" + id + ",\"Description\":\"x\"}"))
                .isEqualTo("InvalidParameter.ConfNotFound");
    }

    @Test
    void callbackRules() {
        long id = callbackTemplate(",\"CallbackKey\":\"k\"");
        long wide = callbackTemplate(",\"CallbackKey\":\"wide\"");
        f.call(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\",\"TemplateId\":" + id + "}");
        f.call(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"\",\"TemplateId\":" + wide + "}");
        assertThat(f.error(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\",\"TemplateId\":" + wide + "}"))
                .isEqualTo("FailedOperation.RuleAlreadyExist");
        assertThat(f.error(ALICE, "CreateLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"TemplateId\":" + id + "}"))
                .isEqualTo("MissingParameter");
        assertThat(f.error(BOB, "CreateLiveCallbackRule", "{\"DomainName\":\"b.com\",\"AppName\":\"live\",\"TemplateId\":" + id + "}"))
                .isEqualTo("InvalidParameter.ConfNotFound");
        JsonNode rules = f.call(ALICE, "DescribeLiveCallbackRules", "{}").get("Rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("CreateTime").asText()).isEqualTo("2026-03-01T20:00:00+08:00");
        assertThat(rules).extracting(r -> r.get("AppName").asText()).containsExactlyInAnyOrder("live", "");
        assertThat(f.call(BOB, "DescribeLiveCallbackRules", "{}").get("Rules")).isEmpty();

        assertThat(f.cp().plan().callbackTemplateFor(ALICE.id(), "push.example.com", "live").orElseThrow().callbackKey()).isEqualTo("k");
        assertThat(f.cp().plan().callbackTemplateFor(ALICE.id(), "push.example.com", "other").orElseThrow().callbackKey()).isEqualTo("wide");
        assertThat(f.cp().plan().callbackTemplateFor(BOB.id(), "push.example.com", "live")).isEmpty();

        assertThat(f.error(ALICE, "DeleteLiveCallbackTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("FailedOperation.ConfInUsed");
        assertThat(f.error(BOB, "DeleteLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\"}"))
                .isEqualTo("FailedOperation.NotFound");
        f.call(ALICE, "DeleteLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\"}");
        assertThat(f.error(ALICE, "DeleteLiveCallbackRule", "{\"DomainName\":\"push.example.com\",\"AppName\":\"live\"}"))
                .isEqualTo("FailedOperation.NotFound");
        assertThat(f.error(BOB, "DeleteLiveCallbackTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("InvalidParameter.ConfNotFound");
        f.call(ALICE, "DeleteLiveCallbackTemplate", "{\"TemplateId\":" + id + "}");
        assertThat(f.error(ALICE, "DescribeLiveCallbackTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("InvalidParameter.ConfNotFound");
    }
}
