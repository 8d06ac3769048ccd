package dev.togglbff.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key pair that signs access tokens: read from the configured PEM locations, or (in the
 * embedded default) generated once into the data folder so that a restart keeps everyone signed in.
 */
final class JwtKeyMaterial {

    private static final Logger log = LoggerFactory.getLogger(JwtKeyMaterial.class);
    private static final int KEY_SIZE = 2048;
    static final String PRIVATE_FILE = "jwt-signing-key.pem";
    static final String PUBLIC_FILE = "jwt-signing-key.pub.pem";

    private JwtKeyMaterial() {
    }

    static RSAKey load(AuthProperties.Jwt jwt, Path dataDir) {
        Resource privateLocation = jwt.privateKeyLocation();
        Resource publicLocation = jwt.publicKeyLocation();
        if (privateLocation != null || publicLocation != null) {
            if (privateLocation == null || publicLocation == null) {
                throw new IllegalStateException(
                        "bff.auth.jwt.private-key-location and bff.auth.jwt.public-key-location must be set together");
            }
            return rsaKey(read(privateLocation, true), read(publicLocation, false));
        }
        return loadOrGenerate(dataDir);
    }

    private static RSAKey loadOrGenerate(Path dataDir) {
        Path privateFile = dataDir.resolve(PRIVATE_FILE);
        Path publicFile = dataDir.resolve(PUBLIC_FILE);
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                try (InputStream privateIn = Files.newInputStream(privateFile);
                        InputStream publicIn = Files.newInputStream(publicFile)) {
                    return rsaKey(RsaKeyConverters.pkcs8().convert(privateIn),
                            RsaKeyConverters.x509().convert(publicIn));
                }
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dataDir);
            writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            log.warn("Generated a token signing key in {}; set bff.auth.jwt.private-key-location and "
                    + "public-key-location for any shared or production use", dataDir.toAbsolutePath());
            return rsaKey((RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or create the token signing key in " + dataDir, ex);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static RSAKey rsaKey(RSAPrivateKey privateKey, RSAPublicKey publicKey) {
        RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        try {
            return new RSAKey.Builder(publicKey).privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyID(withoutId.computeThumbprint().toString())
                .build();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot compute the signing key's id", ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static <K> K read(Resource resource, boolean privateKey) {
        try (InputStream in = resource.getInputStream()) {
            return (K) (privateKey ? RsaKeyConverters.pkcs8().convert(in) : RsaKeyConverters.x509().convert(in));
        }
        catch (IOException | RuntimeException ex) {
            // The message names the location only; never the key's content.
            throw new IllegalStateException("Cannot read the token " + (privateKey ? "private" : "public")
                    + " key from " + resource.getDescription(), null);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
        }
        catch (UnsupportedOperationException ex) {
            log.debug("File system of {} has no POSIX permissions", file);
        }
    }
}
