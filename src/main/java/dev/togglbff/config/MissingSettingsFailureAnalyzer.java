package dev.togglbff.config;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link MissingSettingsException} into a start-up report that lists what to set. */
class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingsException cause) {
        String list = cause.missing().stream()
            .map(setting -> "  - " + setting.environmentVariable() + " (" + setting.property() + "): "
                    + setting.purpose())
            .collect(Collectors.joining("\n"));
        return new FailureAnalysis("The prod profile needs settings that are not set:\n" + list,
                "Set the environment variables above (see .env.example), or start without the prod "
                        + "profile to use the embedded defaults.",
                cause);
    }
}
