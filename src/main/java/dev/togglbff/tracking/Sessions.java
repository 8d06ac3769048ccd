package dev.togglbff.tracking;

import java.util.UUID;

import dev.togglbff.vault.KeyVault;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;

import org.springframework.stereotype.Component;

/** Opens a {@link Session} for a user from the key vault, or says the key is missing. */
@Component
class Sessions {

    private final KeyVault vault;

    Sessions(KeyVault vault) {
        this.vault = vault;
    }

    Session open(UUID userId) {
        return vault.unlock(userId)
            .map(unlocked -> new Session(userId, unlocked.credentials(), unlocked.keyHash()))
            .orElseThrow(() -> new ApiException(ErrorCode.MATON_KEY_MISSING,
                    "Store a Maton API key first (PUT /api/v1/me/maton-key)."));
    }
}
