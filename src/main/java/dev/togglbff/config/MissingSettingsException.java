package dev.togglbff.config;

import java.util.List;
import java.util.stream.Collectors;

/** The {@code prod} profile was started without settings it requires. */
class MissingSettingsException extends IllegalStateException {

    private final List<RequiredProdSettings.Setting> missing;

    MissingSettingsException(List<RequiredProdSettings.Setting> missing) {
        super("The prod profile is missing required settings: " + missing.stream()
            .map(setting -> setting.environmentVariable() + " (" + setting.property() + ")")
            .collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }

    List<RequiredProdSettings.Setting> missing() {
        return missing;
    }
}
