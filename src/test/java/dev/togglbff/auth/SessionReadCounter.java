package dev.togglbff.auth;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the statements that read a browser session by its id (Spring Session's session query,
 * {@code ... WHERE S.SESSION_ID = ?}) on the application's data source, as the database sees them.
 */
@TestConfiguration(proxyBeanMethods = false)
class SessionReadCounter {

    private static final AtomicInteger READS = new AtomicInteger();

    /** The session reads prepared so far, on every context that imports this configuration. */
    static int reads() {
        return READS.get();
    }

    @Bean
    static BeanPostProcessor countingSessionReads() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource) {
                    return proxy(DataSource.class, dataSource, (result, method, args) -> result instanceof Connection connection
                            ? proxy(Connection.class, connection, SessionReadCounter::counted) : result);
                }
                return bean;
            }
        };
    }

    private static Object counted(Object result, Method method, Object[] args) {
        if (method.getName().equals("prepareStatement") && args.length > 0 && args[0] instanceof String sql
                && sql.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT).contains("WHERE S.SESSION_ID = ?")) {
            READS.incrementAndGet();
        }
        return result;
    }

    private interface After {
        Object apply(Object result, Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            }
            catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(result, method, args == null ? new Object[0] : args);
        };
        return type.cast(Proxy.newProxyInstance(SessionReadCounter.class.getClassLoader(), new Class<?>[] { type }, handler));
    }
}
