package dev.togglbff.config;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.jdbc.support.SQLErrorCodesFactory;

/**
 * Reads Spring JDBC's {@code sql-error-codes.xml} on Boot's background pre-initialization thread.
 * Spring Session's JDBC repository asks for the database's error codes when it is created, and the
 * first such request starts an XML parser and reads that file; done here, the start-up's main
 * thread finds them read (or, if it gets there first, reads them itself as before).
 */
class SqlErrorCodesPreinitializer implements BackgroundPreinitializer {

    @Override
    public void preinitialize() {
        SQLErrorCodesFactory.getInstance();
    }
}
