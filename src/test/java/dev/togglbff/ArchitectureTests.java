package dev.togglbff;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules beyond the module boundaries that {@link ModularityTests} verifies: only {@code upstream}
 * talks HTTP to Maton, only {@code vault} handles key material, and nothing uses the sandbox but
 * through HTTP (whatever a module's declared dependencies say).
 */
class ArchitectureTests {

    private static final String BASE = "dev.togglbff";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
    }

    @Test
    void nothingUsesTheSandboxDirectly() {
        noClasses().that()
            .resideOutsideOfPackage(BASE + ".sandbox..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BASE + ".sandbox..")
            .as("the sandbox is reached only over HTTP, through upstream's SandboxEndpoint")
            .check(classes);
    }

    @Test
    void onlyUpstreamMakesHttpCalls() {
        // Besides upstream (Maton, Toggl), only the OIDC sign-in calls out: to the identity
        // provider's token and userinfo endpoints, with time-outs of its own.
        noClasses().that()
            .resideOutsideOfPackage(BASE + ".upstream..")
            .and()
            .doNotHaveFullyQualifiedName(BASE + ".auth.OidcLogin")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web.reactive.function.client..",
                    "org.springframework.web.service..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.web.client.RestClient")
            .check(classes);
    }

    @Test
    void onlyVaultEncrypts() {
        noClasses().that()
            .resideOutsideOfPackage(BASE + ".vault..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("javax.crypto.Cipher")
            .check(classes);
    }
}
