package dev.togglbff.auth;

import java.util.UUID;

import dev.togglbff.auth.AuthApi.RegisterRequest;
import dev.togglbff.auth.AuthApi.UserResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The input rules of the account endpoints in a web slice (the controller, the problem-details
 * advice and the strict JSON reading; no database, no security chain): a request that breaks them
 * is a {@code 400 VALIDATION_FAILED} problem naming the field, and never reaches the service.
 */
@WebMvcTest(controllers = AuthController.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = {
                "dev\\.togglbff\\.auth\\.AuthController",
                "dev\\.togglbff\\.web\\.(ProblemDetailsAdvice|Problems|StrictJson|StrictParameters)" }))
@AutoConfigureMockMvc(addFilters = false)
class AuthInputRulesTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AuthService auth;

    @Test
    void aWellFormedRegistrationReachesTheService() throws Exception {
        UUID id = UUID.randomUUID();
        given(auth.register(any(RegisterRequest.class))).willReturn(new UserResponse(id, "ada.lovelace", "Ada"));

        register("{\"username\":\"ada.lovelace\",\"password\":\"correct horse battery\",\"displayName\":\"Ada\"}")
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.id").value(id.toString()));
    }

    @Test
    void aUsernameOutsideTheAllowedCharactersIsRefused() throws Exception {
        refused("{\"username\":\"ada lovelace\",\"password\":\"correct horse battery\"}", "username");
        refused("{\"username\":\"ad\",\"password\":\"correct horse battery\"}", "username");
        refused("{\"password\":\"correct horse battery\"}", "username");
    }

    @Test
    void aPasswordOfTheWrongLengthIsRefused() throws Exception {
        refused("{\"username\":\"ada.lovelace\",\"password\":\"eleven char\"}", "password");
        refused("{\"username\":\"ada.lovelace\",\"password\":\"" + "x".repeat(73) + "\"}", "password");
    }

    @Test
    void aDisplayNameOverTheLimitIsRefused() throws Exception {
        refused("{\"username\":\"ada.lovelace\",\"password\":\"correct horse battery\",\"displayName\":\""
                + "x".repeat(129) + "\"}", "displayName");
    }

    @Test
    void unknownFieldsAndValuesOfTheWrongTypeAreRefused() throws Exception {
        register("{\"username\":\"ada.lovelace\",\"password\":\"correct horse battery\",\"admin\":true}")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        register("{\"username\":42,\"password\":\"correct horse battery\"}").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        verifyNoInteractions(auth);
    }

    private void refused(String body, String field) throws Exception {
        register(body).andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
            .andExpect(jsonPath("$.errors[0].field").value(field));
        verifyNoInteractions(auth);
    }

    private org.springframework.test.web.servlet.ResultActions register(String body) throws Exception {
        return mvc.perform(post("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
