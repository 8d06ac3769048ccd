package dev.togglbff.vault;

import java.security.SecureRandom;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The vault's cipher, keyed from {@code bff.vault.*} when the application starts. */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    EnvelopeCipher envelopeCipher(VaultProperties properties) {
        SecureRandom random = new SecureRandom();
        return new EnvelopeCipher(new MasterKeyLoader(random).load(properties), random);
    }
}
