package dev.togglbff.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.teams.TeamRole;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TogglCache.Status;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.upstream.TogglClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The query rules of the time-entry list in a web slice (the controller, its team-call resolver,
 * the problem-details advice and strict parameters; the services mocked, the team guard's verdict
 * given as the request attribute it would set): ranges the API refuses are
 * {@code 400 VALIDATION_FAILED} naming the parameter, and no data is read for them.
 */
@WebMvcTest(controllers = TimeEntriesController.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = {
                "dev\\.togglbff\\.tracking\\.(TimeEntriesController|TeamCall\\$Resolver)",
                "dev\\.togglbff\\.web\\.(ProblemDetailsAdvice|Problems|StrictJson|StrictParameters)" }))
@AutoConfigureMockMvc(addFilters = false)
class TimeEntryQueryRulesTests {

    private static final UUID TEAM = UUID.randomUUID();
    private static final TeamAccess MEMBER = new TeamAccess(TEAM, "Team", 7, 900L, UUID.randomUUID(), TeamRole.MEMBER);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TimeEntries entries;

    @MockitoBean
    Answers answers;

    @MockitoBean
    Sessions sessions;

    @MockitoBean
    TogglClient toggl;

    @Test
    void aDayRangeASinceOrABeforeIsServed() throws Exception {
        Instant now = Instant.now();
        given(entries.list(any(), any())).willReturn(new Read<>(List.of(), Status.HIT, now, now));
        given(answers.read(any(TeamCall.class), any())).willReturn(ResponseEntity.ok(List.of()));
        given(toggl.scopeOf(anyLong(), any())).willReturn(QuotaScope.workspace(7));

        list("from=2026-03-01&to=2026-03-31").andExpect(status().isOk());
        list("since=1700000000").andExpect(status().isOk());
        list("before=2026-03-01").andExpect(status().isOk());
        verify(entries).list(any(), eq(new TimeEntries.Range(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), null,
                null)));
    }

    @Test
    void fromAndToGoTogetherInOrderAndWithinAYear() throws Exception {
        // The problem names the half that is missing.
        refused("from=2026-03-01", "to");
        refused("to=2026-03-01", "from");
        refused("from=2026-03-02&to=2026-03-01", "to");
        refused("from=2025-01-01&to=2026-01-02", "to");
    }

    @Test
    void sinceAndBeforeStandAlone() throws Exception {
        refused("since=1700000000&before=2026-03-01", "since");
        refused("before=2026-03-01&from=2026-02-01&to=2026-02-02", "before");
        refused("since=253402300800", "since");
    }

    @Test
    void datesOutsideWhatTogglKnowsAreRefused() throws Exception {
        refused("before=1969-12-31", "before");
        refused("from=1969-12-31&to=1970-01-02", "from");
    }

    @Test
    void valuesOfTheWrongShapeAreRefused() throws Exception {
        list("since=-1").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        list("since=0x10").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        list("from=March&to=2026-03-31").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        verifyNoInteractions(entries);
    }

    private void refused(String query, String... fields) throws Exception {
        ResultActions result = list(query).andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        for (int i = 0; i < fields.length; i++) {
            result.andExpect(jsonPath("$.errors[" + i + "].field").value(fields[i]));
        }
        verifyNoInteractions(entries);
    }

    private ResultActions list(String query) throws Exception {
        return mvc.perform(get("/api/v1/teams/" + TEAM + "/time-entries?" + query)
            .requestAttr(TeamAccess.class.getName(), MEMBER));
    }
}
