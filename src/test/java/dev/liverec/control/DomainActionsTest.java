package dev.liverec.control;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.liverec.control.ControlPlaneFixture.ALICE;
import static dev.liverec.control.ControlPlaneFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
class DomainActionsTest {
    @Parameter
    String kind;
    ControlPlaneFixture f;

    @BeforeEach
    void open() {
        f = ControlPlaneFixture.shared(kind, ControlPlane.DEFAULT_PAGE_SIZE);
    }

    void add(String name, int type) {
        f.call(ALICE, "AddLiveDomain", "{\"DomainName\":\"" + name + "\",\"DomainType\":" + type + "}");
    }

    @Test
    void addedPushDomainHasAuthOnWithARandomKey() {
        add("Push.Example.com", 0);
        JsonNode key = f.call(ALICE, "DescribeLivePushAuthKey", "{\"DomainName\":\"push.example.com\"}").get("PushAuthKeyInfo");
        assertThat(key.get("DomainName").asText()).isEqualTo("push.example.com");
        assertThat(key.get("Enable").asInt()).isEqualTo(1);
        assertThat(key.get("MasterAuthKey").asText()).matches("[0-9a-f]{32}");
        assertThat(key.get("BackupAuthKey").asText()).isEmpty();
        assertThat(key.get("AuthDelta").asLong()).isZero();
        add("other.example.com", 0);
        String other = f.call(ALICE, "DescribeLivePushAuthKey", "{\"DomainName\":\"other.example.com\"}")
                .get("PushAuthKeyInfo").get("MasterAuthKey").asText();
        assertThat(other).isNotEqualTo(key.get("MasterAuthKey").asText());
        LiveDomain d = f.cp().domains().find("PUSH.example.com").orElseThrow();
        assertThat(d.accountId()).isEqualTo(ALICE.id());
        assertThat(d.pushAuthEnabled()).isTrue();
        assertThat(d.masterAuthKey()).isEqualTo(key.get("MasterAuthKey").asText());
    }

    @Test
    void modifyPushAuthKeyIsPartial() {
        add("push.example.com", 0);
        f.call(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"MasterAuthKey\":\"m1\",\"AuthDelta\":600}");
        f.call(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"BackupAuthKey\":\"b1\"}");
        LiveDomain d = f.cp().domains().find("push.example.com").orElseThrow();
        assertThat(d.masterAuthKey()).isEqualTo("m1");
        assertThat(d.backupAuthKey()).isEqualTo("b1");
        assertThat(d.authDelta()).isEqualTo(600);
        assertThat(d.pushAuthEnabled()).isTrue();
        f.call(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"Enable\":0}");
        assertThat(f.cp().domains().find("push.example.com").orElseThrow().pushAuthEnabled()).isFalse();
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"Enable\":1,\"MasterAuthKey\":\"\"}"))
                .isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"MasterAuthKey\":\"a b\"}"))
                .isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"AuthDelta\":-1}"))
                .isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"Enable\":3}"))
                .isEqualTo("InvalidParameterValue");
        add("play.example.com", 1);
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"play.example.com\",\"Enable\":0}"))
                .isEqualTo("ResourceNotFound.DomainNotExist");
    }

    @Test
    void aDomainBelongsToOneAccount() {
        add("push.example.com", 0);
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}"))
                .isEqualTo("InvalidParameter.DomainAlreadyExist");
        assertThat(f.error(BOB, "AddLiveDomain", "{\"DomainName\":\"PUSH.example.com\",\"DomainType\":1}"))
                .isEqualTo("FailedOperation.DomainAdded");
        String nf = "ResourceNotFound.DomainNotExist";
        assertThat(f.error(BOB, "DescribeLivePushAuthKey", "{\"DomainName\":\"push.example.com\"}")).isEqualTo(nf);
        assertThat(f.error(BOB, "ModifyLivePushAuthKey", "{\"DomainName\":\"push.example.com\",\"Enable\":0}")).isEqualTo(nf);
        assertThat(f.error(BOB, "DeleteLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}")).isEqualTo(nf);
        assertThat(f.call(BOB, "DescribeLiveDomains", "{}").get("DomainList")).isEmpty();
        assertThat(f.cp().domains().find("push.example.com").orElseThrow().pushAuthEnabled()).isTrue();
        assertThat(f.error(ALICE, "DeleteLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":1}")).isEqualTo(nf);
        f.call(ALICE, "DeleteLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}");
        assertThat(f.cp().domains().find("push.example.com")).isEmpty();
        f.call(BOB, "AddLiveDomain", "{\"DomainName\":\"push.example.com\",\"DomainType\":0}");
        assertThat(f.cp().domains().find("push.example.com").orElseThrow().accountId()).isEqualTo(BOB.id());
    }

    @Test
    void addValidation() {
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"bad_domain!\",\"DomainType\":0}"))
                .isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\"}")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainType\":0}")).isEqualTo("MissingParameter");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":2}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":1,\"PlayType\":4}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":0,\"VerifyOwnerType\":\"x\"}"))
                .isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":0,\"Extra\":1}")).isEqualTo("UnknownParameter");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":0,\"IsMiniProgramLive\":2}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"a.com\",\"DomainType\":0,\"IsDelayLive\":2}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"-a.com\",\"DomainType\":0}")).isEqualTo("InvalidParameter.DomainFormatError");
        assertThat(f.error(ALICE, "AddLiveDomain", "{\"DomainName\":\"" + "a".repeat(64) + ".com\",\"DomainType\":0}"))
                .isEqualTo("InvalidParameter.DomainFormatError");
        add("a.com", 0);
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"a.com\",\"BackupAuthKey\":\"" + "k".repeat(129) + "\"}"))
                .isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"a.com\",\"AuthDelta\":31536001}"))
                .isEqualTo("InvalidParameterValue");
        f.call(ALICE, "ModifyLivePushAuthKey", "{\"DomainName\":\"a.com\",\"AuthDelta\":31536000,\"BackupAuthKey\":\"" + "k".repeat(128) + "\"}");
    }

    @Test
    void describeDomainsFiltersAndPages() {
        for (int i = 0; i < 12; i++) add("p" + String.format("%02d", i) + ".example.com", 0);
        f.call(ALICE, "AddLiveDomain", "{\"DomainName\":\"play.example.com\",\"DomainType\":1,\"PlayType\":2,\"IsDelayLive\":1}");
        JsonNode all = f.call(ALICE, "DescribeLiveDomains", "{}");
        assertThat(all.get("AllCount").asInt()).isEqualTo(13);
        assertThat(all.get("DomainList")).hasSize(10);
        assertThat(all.get("CreateLimitCount").asInt()).isEqualTo(DomainStore.MAX_PER_ACCOUNT - 13);
        assertThat(all.get("PlayTypeCount")).extracting(JsonNode::asInt).containsExactly(0, 1, 0);
        JsonNode first = all.get("DomainList").get(0);
        assertThat(first.get("Name").asText()).isEqualTo("p00.example.com");
        assertThat(first.get("Type").asInt()).isZero();
        assertThat(first.get("Status").asInt()).isEqualTo(1);
        assertThat(first.get("CreateTime").asText()).isEqualTo("2026-03-01 20:00:00");
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"PageNum\":2}").get("DomainList")).hasSize(3);
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"DomainType\":1}").get("DomainList")).hasSize(1);
        JsonNode play = f.call(ALICE, "DescribeLiveDomains", "{\"DomainType\":1}").get("DomainList").get(0);
        assertThat(play.get("PlayType").asInt()).isEqualTo(2);
        assertThat(play.get("IsDelayLive").asInt()).isEqualTo(1);
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"DomainPrefix\":\"p0\"}").get("AllCount").asInt()).isEqualTo(10);
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"DomainPrefix\":\"p_\"}").get("AllCount").asInt()).isZero();
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"DomainStatus\":0}").get("AllCount").asInt()).isZero();
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"IsDelayLive\":1}").get("AllCount").asInt()).isEqualTo(1);
        assertThat(f.call(ALICE, "DescribeLiveDomains", "{\"DomainType\":1,\"PlayType\":1}").get("AllCount").asInt()).isZero();
        assertThat(f.error(ALICE, "DescribeLiveDomains", "{\"PlayType\":4}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "DescribeLiveDomains", "{\"PageSize\":5}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "DescribeLiveDomains", "{\"PageSize\":101}")).isEqualTo("InvalidParameterValue");
        assertThat(f.error(ALICE, "DescribeLiveDomains", "{\"PageNum\":0}")).isEqualTo("InvalidParameterValue");
    }
}
