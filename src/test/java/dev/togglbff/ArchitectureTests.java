package dev.togglbff;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules: each feature is reached only through the public types of its root package,
 * modules do not form cycles, only {@code upstream} talks HTTP to Maton, only
 * {@code vault} handles key material, and nothing uses the sandbox but through HTTP.
 */
class ArchitectureTests {

    private static final String BASE = "dev.togglbff";
    private static final List<String> MODULES = List.of("auth", "vault", "upstream", "teams", "tracking", "web",
            "config", "sandbox", "shared");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
    }

    @Test
    void modulesOnlyUseEachOthersRootPackage() {
        for (String module : MODULES) {
            ArchRule rule = noClasses().that()
                .resideOutsideOfPackage(BASE + "." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(BASE + "." + module + ".*..")
                .as("nothing outside '" + module + "' reaches into its subpackages");
            rule.allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void sharedWebModuleDependsOnNoFeature() {
        noClasses().that()
            .resideInAPackage(BASE + ".web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(BASE + ".auth..", BASE + ".vault..", BASE + ".upstream..", BASE + ".teams..",
                    BASE + ".tracking..")
            .check(classes);
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
