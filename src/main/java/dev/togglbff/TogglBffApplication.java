package dev.togglbff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Entry point of toggl-bff: a backend-for-frontend that gives internal frontends a small,
 * team-shaped API over Toggl Track, reached through the Maton proxy.
 * <p>
 * One application module per subpackage, each declaring in its {@code package-info.java} which
 * modules (or named interfaces of them) it may use; {@code web} is the shared module every other
 * may use without declaring it. {@code ModularityTests} verifies the declarations.
 * <p>
 * Spring Data is on the classpath only for Redis templates (shared-state mode): its web support
 * (Pageable, Sort and projection arguments) and repository metrics are left out, as the service has
 * neither such arguments nor repositories.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
        "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration" })
@Modulithic(systemName = "toggl-bff", sharedModules = "web")
@ConfigurationPropertiesScan
public class TogglBffApplication {

    public static void main(String[] args) {
        SpringApplication.run(TogglBffApplication.class, args);
    }
}
