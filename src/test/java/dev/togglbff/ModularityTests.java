package dev.togglbff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries, verified by Spring Modulith: no cycles between modules, each module uses
 * only the modules (or named interfaces) its {@code package-info.java} allows, and only their
 * exposed types. The module documentation committed under {@value #DOCS} is the generated one;
 * after a change to the modules regenerate it with {@value #REGENERATE} and commit it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModularityTests {

    static final String DOCS = "docs/modules";
    static final String REGENERATE = "./mvnw -B test -Dtest=ModularityTests -Dmodules.write=true";

    /** Read once for this class's tests, and let go with it (the model holds every imported class). */
    private final ApplicationModules modules = ApplicationModules.of(TogglBffApplication.class);

    @Test
    void modulesKeepToTheirDeclaredDependencies() {
        modules.verify();
    }

    @Test
    void everyFeaturePackageIsAModule() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
            .containsExactlyInAnyOrder("auth", "config", "sandbox", "shared", "teams", "tracking", "upstream",
                    "vault", "web");
    }

    @Test
    void theCommittedModuleDocumentationIsTheGeneratedOne() throws IOException {
        Path generated = Path.of("target/modules-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
            .writeDocumentation();
        Path committed = Path.of(DOCS);
        if (Boolean.getBoolean("modules.write")) {
            write(files(generated), generated, committed);
            return;
        }
        assertThat(files(committed))
            .as("%s is not what the modules generate; regenerate it with: %s", DOCS, REGENERATE)
            .isEqualTo(files(generated));
    }

    /** Copies the generated files whose lines changed (not merely their order), and drops the ones no longer generated. */
    private static void write(Map<String, List<String>> generated, Path from, Path to) throws IOException {
        Map<String, List<String>> committed = files(to);
        Files.createDirectories(to);
        for (String name : generated.keySet()) {
            if (!generated.get(name).equals(committed.get(name))) {
                Files.createDirectories(to.resolve(name).getParent());
                Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String name : committed.keySet()) {
            if (!generated.containsKey(name)) {
                Files.delete(to.resolve(name));
            }
        }
    }

    /**
     * Every file under a folder by its relative path, with its lines sorted: Documenter lists a
     * diagram's relations in an order that changes from run to run.
     */
    private static Map<String, List<String>> files(Path root) {
        Map<String, List<String>> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).forEach(path -> {
                try {
                    files.put(root.relativize(path).toString(),
                            Files.readAllLines(path, StandardCharsets.UTF_8).stream().sorted().toList());
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }
}
