package dev.togglbff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of toggl-bff: a backend-for-frontend that gives internal frontends a small,
 * team-shaped API over Toggl Track, reached through the Maton proxy.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TogglBffApplication {

    public static void main(String[] args) {
        SpringApplication.run(TogglBffApplication.class, args);
    }
}
