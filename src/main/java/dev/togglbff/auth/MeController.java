package dev.togglbff.auth;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user")
class MeController {

    private final UserRepository users;

    MeController(UserRepository users) {
        this.users = users;
    }

    @GetMapping
    @Operation(summary = "The signed-in user, the state of their Maton key and their teams")
    MeResponse me(@AuthenticationPrincipal CurrentUser caller) {
        User user = users.findById(caller.id())
            .orElseThrow(() -> new dev.togglbff.web.ApiException(dev.togglbff.web.ErrorCode.UNAUTHENTICATED,
                    "The user no longer exists."));
        return new MeResponse(user.id(), user.username(), user.displayName(), new MatonKeyState(false), List.of());
    }

    record MeResponse(UUID id, String username, String displayName, MatonKeyState matonKey, List<Object> teams) {
    }

    record MatonKeyState(boolean present) {
    }
}
