package dev.togglbff.tracking;

import java.nio.charset.StandardCharsets;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import dev.togglbff.web.StoredJson;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cached read answers a repeat from the JSON stored when its data last changed: no serialiser
 * runs on a hit ({@code bff.answers.serialised} stays put), the bytes and the strong {@code ETag}
 * are those of the miss, and {@code If-None-Match} is answered {@code 304} from the stored tag.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class StoredAnswersTests {

    static final long WORKSPACE = 8601;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "stored", WORKSPACE, 9601);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
        toggl.stubProjectsClientAndTags();
    }

    @Test
    void aHitIsServedFromTheStoredBytesWithTheTagOfTheMiss() {
        double before = serialised();
        ApiClient.Response miss = api.get(team + "/projects", user.bearer());
        double afterMiss = serialised();
        ApiClient.Response hit = api.get(team + "/projects", user.bearer());

        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(miss.header("Cache-Status").orElseThrow()).contains("fwd=miss");
        assertThat(afterMiss - before).isEqualTo(1);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit;");
        assertThat(serialised()).as("serialisations on the hit").isEqualTo(afterMiss);
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.json().path("items").get(1).path("clientName").asString()).isEqualTo("ACME");
        assertThat(hit.header("ETag")).isEqualTo(miss.header("ETag"));
        // The tag is the one of the bytes sent: what the ETag filter computes for any JSON body.
        assertThat(hit.header("ETag")).contains(StoredJson.strongTag(hit.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(hit.contentType()).startsWith("application/json");
        assertThat(hit.header("Cache-Control")).contains("private, no-cache");
        assertThat(hit.headers().allValues("Cache-Control")).hasSize(1);
        assertThat(hit.header("Pragma")).isEmpty();
    }

    @Test
    void ifNoneMatchIsAnsweredFromTheStoredTagWithoutSerialising() {
        ApiClient.Response first = api.get(team + "/projects", user.bearer());
        String etag = first.header("ETag").orElseThrow();
        double stored = serialised();

        ApiClient.Response again = api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(),
                "If-None-Match", "W/" + etag);

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).contains(etag);
        assertThat(again.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit;");
        assertThat(again.header("Cache-Control")).contains("private, no-cache");
        assertThat(serialised()).isEqualTo(stored);
        assertThat(api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(), "If-None-Match",
                "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void eachQueryHasItsOwnAnswerAndAChangeIsSerialisedOnce() {
        ApiClient.Response all = api.get(team + "/projects", user.bearer());
        ApiClient.Response onePerPage = api.get(team + "/projects?perPage=1", user.bearer());
        assertThat(onePerPage.json().path("items")).hasSize(1);
        assertThat(onePerPage.header("ETag")).isNotEqualTo(all.header("ETag"));
        double stored = serialised();
        assertThat(api.get(team + "/projects", user.bearer()).body()).isEqualTo(all.body());
        assertThat(api.get(team + "/projects?perPage=1", user.bearer()).body()).isEqualTo(onePerPage.body());
        assertThat(serialised()).isEqualTo(stored);

        ApiClient.Response tags = api.get(team + "/tags", user.bearer());
        api.post(team + "/tags", "{\"name\":\"billable\"}", user.bearer());
        double beforeChange = serialised();
        ApiClient.Response changed = api.get(team + "/tags", user.bearer());
        ApiClient.Response repeat = api.get(team + "/tags", user.bearer());

        assertThat(changed.body()).contains("billable");
        assertThat(changed.header("ETag")).isNotEqualTo(tags.header("ETag"));
        assertThat(serialised() - beforeChange).as("one serialisation for the changed list").isEqualTo(1);
        assertThat(repeat.header("ETag")).isEqualTo(changed.header("ETag"));
        assertThat(repeat.body()).isEqualTo(changed.body());
    }

    @Test
    void aStoredAnswerRefusesAnAcceptItCannotMeetAsEveryOtherAnswerDoes() {
        assertThat(api.get(team + "/projects", user.bearer()).status()).isEqualTo(200);

        ApiClient.Response stored = api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(),
                "Accept", "application/xml");
        ApiClient.Response other = api.get("/api/v1/teams", "Authorization", "Bearer " + user.accessToken(),
                "Accept", "application/xml");

        assertThat(other.status()).isEqualTo(406);
        assertThat(stored.status()).isEqualTo(406);
        assertThat(stored.contentType()).startsWith("application/problem+json");
        assertThat(stored.json().path("code").asString()).isEqualTo(other.json().path("code").asString());
        assertThat(api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(), "Accept",
                "application/*").status()).isEqualTo(200);
    }

    private double serialised() {
        return meters.get("bff.answers.serialised").counter().count();
    }
}
