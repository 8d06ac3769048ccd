package dev.togglbff.vault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The one-shot {@code --bff.vault.rotate} command: runs {@link MasterKeyRotation}, prints what
 * it did, and exits the application with status 0, or 1 when any record could not be re-wrapped.
 */
@Component
@ConditionalOnProperty(prefix = "bff.vault", name = "rotate")
class RotateMasterKeyCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RotateMasterKeyCommand.class);
    private static final int EXIT_SUCCESS = 0;
    private static final int EXIT_FAILURE = 1;

    private final MasterKeyRotation rotation;
    private final ApplicationContext context;

    RotateMasterKeyCommand(MasterKeyRotation rotation, ApplicationContext context) {
        this.rotation = rotation;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        RotationResult result = rotation.rotate();
        int status = result.succeeded() ? EXIT_SUCCESS : EXIT_FAILURE;
        System.out.println("Vault master key rotation: " + result);
        log.info("Vault master key rotation finished ({}); exiting with status {}", result, status);
        System.exit(SpringApplication.exit(context, () -> status));
    }
}
