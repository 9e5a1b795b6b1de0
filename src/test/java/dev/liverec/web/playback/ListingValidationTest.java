package dev.liverec.web.playback;

import dev.liverec.api.files.DescribeRecordFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.notify.CallbackOutbox;
import dev.liverec.api.callback.DescribeCallbackDeliveries;
import dev.liverec.api.callback.RetryCallbackDelivery;
import dev.liverec.storage.MutableClock;
import dev.liverec.storage.RecordFileIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameter validation of the liverec extension actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    Database db;
    ApiAction files;
    ApiAction deliveries;
    ApiAction retry;

    @BeforeAll
    void setUp() {
        DbConfig dbc = new DbConfig();
        dbc.url = "jdbc:h2:mem:lv" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        db = Database.open(dbc, tmp);
        MutableClock clock = new MutableClock(Instant.now());
        files = new DescribeRecordFiles(new RecordFileIndex(db.jdbi()), new PlaybackUrls(new byte[32], clock), null,
                () -> "http://x", 60);
        CallbackOutbox outbox = new CallbackOutbox(db.jdbi());
        deliveries = new DescribeCallbackDeliveries(outbox);
        retry = new RetryCallbackDelivery(outbox, null, 3, clock);
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    private static ApiCall call(String params) throws Exception {
        return new ApiCall("X", new Account(1, 1, "a", AccountState.ACTIVE), (ObjectNode) JSON.readTree(params),
                "", "en-US", "r", Instant.now(), "http://h");
    }

    private static void rejects(ApiAction a, String params, String code) {
        assertThatThrownBy(() -> a.handle(call(params))).as(params).isInstanceOf(ApiException.class)
                .hasFieldOrPropertyWithValue("code", code);
    }

    @Test
    void describeRecordFiles() throws Exception {
        rejects(files, "{}", "MissingParameter");
        rejects(files, "{\"DomainName\":\"d.com\"}", "MissingParameter");
        rejects(files, "{\"StreamName\":\"s\"}", "MissingParameter");
        rejects(files, "{\"TaskId\":\"t\",\"Unknown\":1}", "UnknownParameter");
        rejects(files, "{\"TaskId\":\"t\",\"StartTime\":100,\"EndTime\":100}", "InvalidParameterValue");
        rejects(files, "{\"TaskId\":\"t\",\"StartTime\":\"x\"}", "InvalidParameter");
        rejects(files, "{\"TaskId\":\"t\",\"PageSize\":0}", "InvalidParameterValue");
        rejects(files, "{\"TaskId\":\"t\",\"PageSize\":101}", "InvalidParameterValue");
        rejects(files, "{\"TaskId\":\"t\",\"PageNum\":0}", "InvalidParameterValue");
        assertThat(files.handle(call("{\"TaskId\":\"t\",\"PageSize\":\"100\",\"StartTime\":\"1\",\"EndTime\":2}")))
                .hasFieldOrPropertyWithValue("empty", false);
        assertThat(files.handle(call("{\"DomainName\":\"d.com\",\"StreamName\":\"s\"}"))).isNotNull();
    }

    @Test
    void callbackDeliveries() {
        rejects(deliveries, "{\"Status\":\"lost\"}", "InvalidParameterValue");
        rejects(deliveries, "{\"PageSize\":500}", "InvalidParameterValue");
        rejects(deliveries, "{\"Foo\":1}", "UnknownParameter");
        rejects(retry, "{}", "MissingParameter");
        rejects(retry, "{\"DeliveryId\":\"abc\"}", "InvalidParameter");
        rejects(retry, "{\"DeliveryId\":12345}", "ResourceNotFound");
    }
}
