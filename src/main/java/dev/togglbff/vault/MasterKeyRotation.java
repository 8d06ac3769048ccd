package dev.togglbff.vault;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Re-wraps every stored data key that is not under the current master key, unwrapping it with
 * the previous key it names. The ciphertexts stay as they are. Each record is re-wrapped in its
 * own short transaction, and only if it is still under the key it was read with, so the
 * rotation can run next to the live service and be run again after a crash half-way.
 */
@Component
class MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private enum Outcome { REWRAPPED, CURRENT, GONE, FAILED }

    private final MatonKeyRepository repository;
    private final EnvelopeCipher cipher;
    private final TransactionOperations transactions;
    private final int batchSize;

    MasterKeyRotation(MatonKeyRepository repository, EnvelopeCipher cipher, TransactionOperations transactions,
            VaultProperties properties) {
        this.repository = repository;
        this.cipher = cipher;
        this.transactions = transactions;
        this.batchSize = properties.rotationBatchSize();
    }

    RotationResult rotate() {
        log.info("Re-wrapping vault data keys under master key {}", cipher.currentMasterKeyId());
        int rewrapped = 0;
        int current = 0;
        int failed = 0;
        @Nullable UUID after = null;
        List<MatonKeyRepository.KeyRef> page;
        do {
            page = repository.page(after, batchSize);
            for (MatonKeyRepository.KeyRef ref : page) {
                Outcome outcome = ref.masterKeyId().equals(cipher.currentMasterKeyId()) ? Outcome.CURRENT
                        : rewrap(ref.userId());
                switch (outcome) {
                    case REWRAPPED -> rewrapped++;
                    case CURRENT -> current++;
                    case FAILED -> failed++;
                    case GONE -> { }
                }
                after = ref.userId();
            }
        }
        while (page.size() == batchSize);
        RotationResult result = new RotationResult(rewrapped, current, failed);
        if (result.succeeded()) {
            log.info("Vault master key rotation done: {}", result);
        }
        else {
            log.warn("Vault master key rotation incomplete: {}; list the missing master keys in "
                    + "bff.vault.previous-master-keys and run it again", result);
        }
        return result;
    }

    private Outcome rewrap(UUID userId) {
        try {
            Outcome outcome = transactions.execute(tx -> repository.findForUpdate(userId).map(record -> {
                SealedSecret sealed = record.sealed();
                if (cipher.isCurrent(sealed)) {
                    return Outcome.CURRENT;
                }
                SealedSecret rewrapped = cipher.rewrap(sealed, userId);
                return repository.replaceWrapping(userId, sealed.masterKeyId(), rewrapped) ? Outcome.REWRAPPED
                        : Outcome.GONE;
            }).orElse(Outcome.GONE));
            return outcome == null ? Outcome.GONE : outcome;
        }
        catch (VaultDecryptionException ex) {
            log.warn("Cannot re-wrap the stored Maton key of user {}: {}", userId, ex.getMessage());
            return Outcome.FAILED;
        }
    }
}
