package dev.liverec.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.liverec.control.ControlPlaneFixture.ALICE;
import static dev.liverec.control.ControlPlaneFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
class RecordTemplateActionsTest {
    @Parameter
    String kind;
    ControlPlaneFixture f;

    @BeforeEach
    void open() {
        f = ControlPlaneFixture.shared(kind, ControlPlane.DEFAULT_PAGE_SIZE);
    }

    long create(String json) {
        return f.call(ALICE, "CreateLiveRecordTemplate", json).get("TemplateId").asLong();
    }

    JsonNode describe(long id) {
        return f.call(ALICE, "DescribeLiveRecordTemplate", "{\"TemplateId\":" + id + "}").get("Template");
    }

    String createError(String params) {
        return f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"t\"," + params + "}");
    }

    @Test
    void outputHasAllFiveParamsWithDefaultsAndNulls() {
        long id = create("{\"TemplateName\":\"hls_only\",\"Description\":\"d\",\"HlsParam\":{\"Enable\":1}}");
        JsonNode t = describe(id);
        assertThat(t.get("TemplateId").asLong()).isEqualTo(id);
        assertThat(t.get("TemplateName").asText()).isEqualTo("hls_only");
        assertThat(t.get("Description").asText()).isEqualTo("d");
        for (String p : List.of("FlvParam", "HlsParam", "Mp4Param", "AacParam", "Mp3Param")) {
            JsonNode rp = t.get(p);
            assertThat(rp).as(p).isNotNull();
            assertThat(rp.size()).isEqualTo(11);
            assertThat(rp.get("RecordInterval").asInt()).isEqualTo(1800);
            assertThat(rp.get("StorageTime").asLong()).isZero();
            assertThat(rp.get("Enable").asInt()).isEqualTo(p.equals("HlsParam") ? 1 : 0);
            assertThat(rp.get("VodSubAppId").asLong()).isZero();
            assertThat(rp.get("VodFileName").asText()).isEmpty();
            for (String n : List.of("Procedure", "StorageMode", "ClassId", "CosBucketName", "CosBucketRegion", "CosBucketPath")) {
                assertThat(rp.get(n).isNull()).as(p + "." + n).isTrue();
            }
        }
        assertThat(t.get("IsDelayLive").asInt()).isZero();
        assertThat(t.get("HlsSpecialParam").get("FlowContinueDuration").asLong()).isZero();
        assertThat(t.get("RemoveWatermark").isNull()).isTrue();
        assertThat(t.get("CosStore").isNull()).isTrue();
        assertThat(t.get("FlvSpecialParam").isNull()).isTrue();
    }

    @Test
    void everyFieldIsStored() {
        long id = create("{\"TemplateName\":\"录制_all-1\",\"FlvParam\":{\"Enable\":1,\"RecordInterval\":600,"
                + "\"StorageTime\":86400,\"VodSubAppId\":5,\"VodFileName\":\"{StreamID}_{StartYear}{StartMillisecond}-{EndSecond}\","
                + "\"Procedure\":\"p\",\"StorageMode\":\"cold\",\"ClassId\":3,\"CosBucketName\":\"b\",\"CosBucketRegion\":\"ap-guangzhou\","
                + "\"CosBucketPath\":\"/{RecordSource}/{Domain}/{AppName}/{StreamID}/{RecordId}-{RandomID}/{StartYear}\"},"
                + "\"IsDelayLive\":1,\"HlsSpecialParam\":{\"FlowContinueDuration\":1800},\"CosStore\":1,"
                + "\"RemoveWatermark\":true,\"FlvSpecialParam\":{\"UploadInRecording\":true}}");
        JsonNode t = describe(id);
        JsonNode flv = t.get("FlvParam");
        assertThat(flv.get("Enable").asInt()).isEqualTo(1);
        assertThat(flv.get("RecordInterval").asInt()).isEqualTo(600);
        assertThat(flv.get("StorageTime").asLong()).isEqualTo(86400);
        assertThat(flv.get("VodSubAppId").asLong()).isEqualTo(5);
        assertThat(flv.get("VodFileName").asText()).isEqualTo("{StreamID}_{StartYear}{StartMillisecond}-{EndSecond}");
        assertThat(flv.get("Procedure").asText()).isEqualTo("p");
        assertThat(flv.get("StorageMode").asText()).isEqualTo("cold");
        assertThat(flv.get("ClassId").asLong()).isEqualTo(3);
        assertThat(flv.get("CosBucketName").asText()).isEqualTo("b");
        assertThat(flv.get("CosBucketRegion").asText()).isEqualTo("ap-guangzhou");
        assertThat(flv.get("CosBucketPath").asText()).startsWith("/{RecordSource}/");
        assertThat(t.get("IsDelayLive").asInt()).isEqualTo(1);
        assertThat(t.get("HlsSpecialParam").get("FlowContinueDuration").asLong()).isEqualTo(1800);
        assertThat(t.get("CosStore").asInt()).isEqualTo(1);
        assertThat(t.get("RemoveWatermark").asBoolean()).isTrue();
        assertThat(t.get("FlvSpecialParam").get("UploadInRecording").asBoolean()).isTrue();
        RecordTemplate stored = f.cp().templates().find(ALICE.id(), id).orElseThrow();
        assertThat(stored.param(RecordFormat.FLV).recordInterval()).isEqualTo(600);
        assertThat(stored.flowContinueDuration()).isEqualTo(1800);
        // slow-live templates are listed separately
        assertThat(f.call(ALICE, "DescribeLiveRecordTemplates", "{}").get("Templates")).isEmpty();
        assertThat(f.call(ALICE, "DescribeLiveRecordTemplates", "{\"IsDelayLive\":1}").get("Templates")).hasSize(1);
        assertThat(f.error(ALICE, "DescribeLiveRecordTemplates", "{\"IsDelayLive\":2}")).isEqualTo("InvalidParameterValue");
    }

    @Test
    void recordIntervalRangesPerFormat() {
        String bad = "InvalidParameterValue";
        for (String p : List.of("FlvParam", "Mp4Param")) {
            assertThat(createError("\"" + p + "\":{\"RecordInterval\":59}")).isEqualTo(bad);
            assertThat(createError("\"" + p + "\":{\"RecordInterval\":43201}")).isEqualTo(bad);
            create("{\"TemplateName\":\"a\",\"" + p + "\":{\"RecordInterval\":60}}");
            create("{\"TemplateName\":\"a\",\"" + p + "\":{\"RecordInterval\":43200}}");
        }
        for (String p : List.of("AacParam", "Mp3Param")) {
            assertThat(createError("\"" + p + "\":{\"RecordInterval\":59}")).isEqualTo(bad);
            assertThat(createError("\"" + p + "\":{\"RecordInterval\":7201}")).isEqualTo(bad);
            create("{\"TemplateName\":\"a\",\"" + p + "\":{\"RecordInterval\":7200}}");
        }
        long hls = create("{\"TemplateName\":\"a\",\"HlsParam\":{\"RecordInterval\":5,\"Enable\":1}}"); // ignored for HLS
        assertThat(describe(hls).get("HlsParam").get("Enable").asInt()).isEqualTo(1);
        assertThat(createError("\"FlvParam\":{\"RecordInterval\":\"often\"}")).isEqualTo("InvalidParameter");
    }

    @Test
    void otherRanges() {
        assertThat(createError("\"HlsParam\":{\"StorageTime\":" + (1500L * 86400 + 1) + "}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsParam\":{\"StorageTime\":-1}")).isEqualTo("InvalidParameterValue");
        create("{\"TemplateName\":\"a\",\"HlsParam\":{\"StorageTime\":" + (1500L * 86400) + "}}");
        assertThat(createError("\"HlsParam\":{\"Enable\":2}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsParam\":{\"StorageMode\":\"hot\"}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsParam\":{\"VodSubAppId\":-3}")).isEqualTo("InvalidParameter");
        assertThat(createError("\"HlsParam\":{\"Bogus\":1}")).isEqualTo("UnknownParameter");
        assertThat(createError("\"HlsParam\":[1]")).isEqualTo("InvalidParameter");
        assertThat(createError("\"HlsSpecialParam\":{\"FlowContinueDuration\":1801}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsSpecialParam\":{\"FlowContinueDuration\":-1}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"IsDelayLive\":3")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"CosStore\":2")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"RemoveWatermark\":\"maybe\"")).isEqualTo("InvalidParameter");
        assertThat(createError("\"CosStore\":1,\"FlvParam\":{\"Enable\":1}")).isEqualTo("MissingParameter");
        assertThat(createError("\"Description\":\"" + "d".repeat(1025) + "\"")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{}")).isEqualTo("MissingParameter");
        assertThat(createError("\"HlsParam\":{\"ClassId\":-1}")).isEqualTo("InvalidParameter");
        assertThat(createError("\"HlsParam\":{\"Procedure\":\"" + "p".repeat(256) + "\"}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsParam\":{\"CosBucketRegion\":\"" + "r".repeat(65) + "\"}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"HlsParam\":{\"CosBucketName\":\"" + "b".repeat(256) + "\"}")).isEqualTo("InvalidParameterValue");
        assertThat(createError("\"FlvSpecialParam\":{\"UploadInRecording\":\"perhaps\"}")).isEqualTo("InvalidParameter");
        assertThat(createError("\"FlvSpecialParam\":{\"Other\":true}")).isEqualTo("UnknownParameter");
        assertThat(createError("\"HlsSpecialParam\":{\"Other\":1}")).isEqualTo("UnknownParameter");
        assertThat(createError("\"Description\":\"a\\u0001\"")).isEqualTo("InvalidParameterValue");
    }

    @Test
    void templateNameCharset() {
        String code = "InvalidParameter.ArgsNotMatch";
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"has space\"}")).isEqualTo(code);
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"a/b\"}")).isEqualTo(code);
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"\"}")).isEqualTo(code);
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"" + "a".repeat(256) + "\"}")).isEqualTo(code);
        create("{\"TemplateName\":\"模板-A_1\"}");
    }

    @Test
    void vodFileNameAndCosPathChecks() {
        String vod = "InvalidParameter.InvalidVodFileName";
        for (String bad : List.of("{Foo}", "a/b", "..", "x..y", "{StreamID", "}", ".hidden", "a\\\\b", "{StartYears}", "{RandomID}")) {
            assertThat(createError("\"FlvParam\":{\"VodFileName\":\"" + bad + "\"}")).as(bad).isEqualTo(vod);
        }
        create("{\"TemplateName\":\"a\",\"FlvParam\":{\"VodFileName\":\"rec-{StreamID}-{EndYear}{EndMonth}{EndDay}{EndHour}{EndMinute}\"}}");
        String cos = "InvalidParameter.COSCustomFileNameError";
        for (String bad : List.of("no-slash", "/a/../b", "/a//b", "/{Nope}", "/a/./b")) {
            assertThat(createError("\"FlvParam\":{\"CosBucketPath\":\"" + bad + "\"}")).as(bad).isEqualTo(cos);
        }
    }

    @Test
    void fiftyTemplatesPerAccount() {
        for (int i = 0; i < 50; i++) create("{\"TemplateName\":\"t" + i + "\"}");
        assertThat(f.error(ALICE, "CreateLiveRecordTemplate", "{\"TemplateName\":\"x\"}")).isEqualTo("InternalError.ConfOutLimit");
        f.call(BOB, "CreateLiveRecordTemplate", "{\"TemplateName\":\"x\"}");
    }

    @Test
    void modifyIsAPartialUpdate() {
        long id = create("{\"TemplateName\":\"orig\",\"Description\":\"keep\",\"FlvParam\":{\"Enable\":1,\"RecordInterval\":600,"
                + "\"VodFileName\":\"{StreamID}\"},\"HlsParam\":{\"Enable\":1},\"RemoveWatermark\":true}");
        f.call(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"FlvParam\":{\"RecordInterval\":900},"
                + "\"Mp4Param\":{\"Enable\":1},\"HlsSpecialParam\":{\"FlowContinueDuration\":30}}");
        JsonNode t = describe(id);
        assertThat(t.get("TemplateName").asText()).isEqualTo("orig");
        assertThat(t.get("Description").asText()).isEqualTo("keep");
        assertThat(t.get("FlvParam").get("Enable").asInt()).isEqualTo(1);
        assertThat(t.get("FlvParam").get("RecordInterval").asInt()).isEqualTo(900);
        assertThat(t.get("FlvParam").get("VodFileName").asText()).isEqualTo("{StreamID}");
        assertThat(t.get("HlsParam").get("Enable").asInt()).isEqualTo(1);
        assertThat(t.get("Mp4Param").get("Enable").asInt()).isEqualTo(1);
        assertThat(t.get("HlsSpecialParam").get("FlowContinueDuration").asLong()).isEqualTo(30);
        assertThat(t.get("RemoveWatermark").asBoolean()).isTrue();
        f.call(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"TemplateName\":\"renamed\",\"HlsParam\":{\"Enable\":0}}");
        assertThat(describe(id).get("TemplateName").asText()).isEqualTo("renamed");
        assertThat(describe(id).get("HlsParam").get("Enable").asInt()).isZero();
        // a bad value changes nothing
        assertThat(f.error(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"Mp4Param\":{\"Enable\":0},"
                + "\"FlvParam\":{\"RecordInterval\":1}}")).isEqualTo("InvalidParameterValue");
        assertThat(describe(id).get("Mp4Param").get("Enable").asInt()).isEqualTo(1);
        assertThat(f.error(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"IsDelayLive\":1}")).isEqualTo("UnknownParameter");
        assertThat(f.error(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"TemplateName\":\"a b\"}"))
                .isEqualTo("InvalidParameter.ArgsNotMatch");
        assertThat(f.error(ALICE, "ModifyLiveRecordTemplate", "{\"TemplateId\":999999}")).isEqualTo("InvalidParameter.ConfNotFound");
    }

    @Test
    void deleteRefusesTemplatesInUse() {
        long id = create("{\"TemplateName\":\"used\"}");
        f.call(ALICE, "CreateLiveRecordRule", "{\"DomainName\":\"d.com\",\"TemplateId\":" + id + "}");
        assertThat(f.error(ALICE, "DeleteLiveRecordTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("FailedOperation.ConfInUsed");
        f.call(ALICE, "DeleteLiveRecordRule", "{\"DomainName\":\"d.com\"}");
        f.call(ALICE, "DeleteLiveRecordTemplate", "{\"TemplateId\":" + id + "}");
        assertThat(f.error(ALICE, "DescribeLiveRecordTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("InvalidParameter.ConfNotFound");
        assertThat(f.error(ALICE, "DeleteLiveRecordTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo("InvalidParameter.ConfNotFound");
        assertThat(f.error(ALICE, "DeleteLiveRecordTemplate", "{}")).isEqualTo("MissingParameter");
    }

    @Test
    void templatesAreIsolatedBetweenAccounts() {
        long id = create("{\"TemplateName\":\"mine\"}");
        String nf = "InvalidParameter.ConfNotFound";
        assertThat(f.error(BOB, "DescribeLiveRecordTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo(nf);
        assertThat(f.error(BOB, "ModifyLiveRecordTemplate", "{\"TemplateId\":" + id + ",\"TemplateName\":\"x\"}")).isEqualTo(nf);
        assertThat(f.error(BOB, "DeleteLiveRecordTemplate", "{\"TemplateId\":" + id + "}")).isEqualTo(nf);
        assertThat(f.error(BOB, "CreateLiveRecordRule", "{\"DomainName\":\"d.com\",\"TemplateId\":" + id + "}")).isEqualTo(nf);
        assertThat(f.call(BOB, "DescribeLiveRecordTemplates", "{}").get("Templates")).isEmpty();
        ObjectNode mine = f.call(ALICE, "DescribeLiveRecordTemplates", "{}");
        assertThat(mine.get("Templates")).hasSize(1);
        assertThat(describe(id).get("TemplateName").asText()).isEqualTo("mine");
    }
}
