package dev.togglbff.vault;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.upstream.MatonConnection;
import dev.togglbff.upstream.MatonConnectionsClient;
import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.upstream.UpstreamException;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.FieldError;
import dev.togglbff.web.IdempotentCreate;
import dev.togglbff.web.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's Maton key and Maton connections. A key is verified against Maton (listing its
 * Toggl Track connections, which costs no Toggl quota) before it is stored, and is never
 * returned: answers carry only its fingerprint.
 */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user, the key vault and Maton connections")
class MatonKeyController {

    private static final Logger log = LoggerFactory.getLogger(MatonKeyController.class);
    private static final String ACTIVE = "ACTIVE";
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final KeyVault vault;
    private final MatonConnectionsClient connections;
    private final Clock clock;

    MatonKeyController(KeyVault vault, MatonConnectionsClient connections, Clock clock) {
        this.vault = vault;
        this.connections = connections;
        this.clock = clock;
    }

    @PutMapping("/maton-key")
    @Operation(summary = "Store (or replace) the caller's Maton API key, after verifying it with Maton",
            responses = { @ApiResponse(responseCode = "200", description = "Verified and stored"),
                    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED"),
                    @ApiResponse(responseCode = "422", description = "MATON_KEY_REJECTED: Maton refused the key; nothing was stored") })
    StoredKeyResponse store(@AuthenticationPrincipal CurrentUser caller, @Valid @RequestBody StoreKeyRequest request) {
        String connectionId = Inputs.blankToNull(request.connectionId());
        MatonCredentials candidate = MatonCredentials.of(request.apiKey().strip(), null);
        List<MatonConnection> active;
        try {
            active = connections.list(candidate, ACTIVE);
        }
        catch (UpstreamException ex) {
            if (ex.code() == ErrorCode.MATON_KEY_INVALID) {
                log.info("The key {} offered by user {} was refused", candidate.fingerprint(), caller.id());
                // Refused before anything was sent (a sandbox key while the sandbox is off): say why.
                throw new ApiException(ErrorCode.MATON_KEY_REJECTED,
                        ex.upstreamStatus() == 0 ? ex.getMessage() : "Maton did not accept this API key.");
            }
            throw ex;
        }
        if (connectionId != null && active.stream().noneMatch(c -> connectionId.equals(c.connectionId()))) {
            throw ApiException.validation("The request has invalid fields.", List.of(
                    new FieldError("connectionId", "is not one of this key's active Toggl Track connections")));
        }
        MatonKeyStatus status = vault.store(caller.id(), request.apiKey().strip(), connectionId, clock.instant());
        log.info("User {} stored Maton key {}", caller.id(), status.fingerprint());
        return new StoredKeyResponse(true, status.fingerprint(), status.verifiedAt(), status.connectionId(),
                active.stream().map(ConnectionResponse::of).toList());
    }

    @DeleteMapping("/maton-key")
    @Operation(summary = "Forget the caller's Maton key; everything cached for it is evicted",
            responses = @ApiResponse(responseCode = "204", description = "Deleted (or there was none)"))
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser caller) {
        if (vault.delete(caller.id())) {
            log.info("User {} deleted their Maton key", caller.id());
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/maton-key/connection")
    @Operation(summary = "Choose the Maton connection that later Toggl calls use (sent as Maton-Connection)",
            responses = { @ApiResponse(responseCode = "200", description = "The key's state with the chosen connection"),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such connection for this key"),
                    @ApiResponse(responseCode = "409", description = "MATON_KEY_MISSING") })
    KeyStateResponse selectConnection(@AuthenticationPrincipal CurrentUser caller,
            @Valid @RequestBody SelectConnectionRequest request) {
        MatonCredentials credentials = credentials(caller);
        MatonConnection connection = connections.get(credentials, request.connectionId());
        vault.selectConnection(caller.id(), connection.connectionId());
        return vault.status(caller.id())
            .map(KeyStateResponse::of)
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "The Maton key was deleted meanwhile."));
    }

    @GetMapping("/connections")
    @Operation(summary = "The caller's Maton Toggl Track connections (costs no Toggl quota)")
    List<ConnectionResponse> listConnections(@AuthenticationPrincipal CurrentUser caller) {
        return connections.list(credentials(caller), null).stream().map(ConnectionResponse::of).toList();
    }

    @PostMapping("/connections")
    @IdempotentCreate
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a new Maton Toggl Track connection; open its url to authorize Toggl")
    NewConnectionResponse createConnection(@AuthenticationPrincipal CurrentUser caller) {
        MatonConnection created = connections.create(credentials(caller));
        return new NewConnectionResponse(created.connectionId(), created.status(), created.url());
    }

    @GetMapping("/connections/{connectionId}")
    @Operation(summary = "One of the caller's Maton connections")
    ConnectionResponse getConnection(@AuthenticationPrincipal CurrentUser caller, @PathVariable String connectionId) {
        return ConnectionResponse.of(connections.get(credentials(caller), validConnectionId(connectionId)));
    }

    @DeleteMapping("/connections/{connectionId}")
    @Operation(summary = "Delete one of the caller's Maton connections (and stop using it when it was chosen)")
    ResponseEntity<Void> deleteConnection(@AuthenticationPrincipal CurrentUser caller,
            @PathVariable String connectionId) {
        MatonCredentials credentials = credentials(caller);
        connections.delete(credentials, validConnectionId(connectionId));
        if (connectionId.equals(credentials.connectionId())) {
            vault.selectConnection(caller.id(), null);
        }
        return ResponseEntity.noContent().build();
    }

    private MatonCredentials credentials(CurrentUser caller) {
        return vault.requireCredentials(caller.id());
    }

    private static String validConnectionId(String connectionId) {
        if (!CONNECTION_ID.matcher(connectionId).matches()) {
            throw ApiException.validation("The request has invalid parameters.",
                    List.of(new FieldError("connectionId", "is not a connection id")));
        }
        return connectionId;
    }

    @Schema(description = "A Maton API key to verify and store. It is never returned, logged or echoed.")
    record StoreKeyRequest(
            @Schema(example = "your-maton-api-key", accessMode = Schema.AccessMode.WRITE_ONLY,
                    description = "One token of printable ASCII characters (! to ~, no spaces or control "
                            + "characters), at most 512; surrounding whitespace is ignored")
            @NotBlank @Size(max = 512) @jakarta.validation.constraints.Pattern(regexp = "\\s*[!-~]+\\s*",
                    message = "must be one token of printable ASCII characters (! to ~)") String apiKey,
            @Schema(example = "21fd90ee-c5f3-4c2f-8c66-1b2b0e1b7a52") @Size(max = 128) @Nullable String connectionId) {

        @Override
        public String toString() {
            return "StoreKeyRequest[connectionId=" + connectionId + "]";
        }
    }

    record SelectConnectionRequest(
            @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String connectionId) {
    }

    record ConnectionResponse(String connectionId, @Nullable String status, @Nullable OffsetDateTime createdAt,
            @Nullable OffsetDateTime updatedAt) {

        static ConnectionResponse of(MatonConnection connection) {
            return new ConnectionResponse(connection.connectionId(), connection.status(), connection.createdAt(),
                    connection.updatedAt());
        }
    }

    record NewConnectionResponse(String connectionId, @Nullable String status, @Nullable String url) {
    }

    record StoredKeyResponse(boolean present, String fingerprint, Instant verifiedAt, @Nullable String connectionId,
            List<ConnectionResponse> connections) {
    }

    record KeyStateResponse(boolean present, String fingerprint, Instant verifiedAt, @Nullable String connectionId) {

        static KeyStateResponse of(MatonKeyStatus status) {
            return new KeyStateResponse(true, status.fingerprint(), status.verifiedAt(), status.connectionId());
        }
    }
}
