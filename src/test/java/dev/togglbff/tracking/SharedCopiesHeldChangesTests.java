package dev.togglbff.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import dev.togglbff.shared.SharedState;
import dev.togglbff.shared.SharedStates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changes offered while no copy is stored ({@link SharedCopies#changeOrHold}) and the fetch that
 * applies them ({@link SharedCopies#storeFetched}), on the tests' Redis. The stored value here is
 * a list of names; a change adds one.
 */
class SharedCopiesHeldChangesTests {

    static final Duration TTL = Duration.ofMinutes(1);

    final SharedStates.Connected redis = SharedStates.connect(SharedStates.newPrefix());
    final SharedCopies shared = copies(redis.state());
    final String key = shared.key("names", "1");
    final JavaType names = shared.listOf(String.class);

    @AfterEach
    void close() {
        redis.deleteAll();
        redis.close();
    }

    @Test
    void aChangeWithNeitherACopyNorAFetchUnderWayIsNotKept() {
        assertThat(shared.changeOrHold(key, names, adding("Ada"), "Ada", TTL)).as("taken").isFalse();

        assertThat(redis.keys()).isEmpty();
    }

    @Test
    void aChangeOfferedWhileAFetchRunsIsInTheCopyTheFetchStores() {
        List<String> stored = shared.fetchOnce(key, java.util.Optional::empty, () -> {
            shared.changeOrHold(key, names, adding("Ada"), "Ada", TTL);
            return shared.storeFetched(key, List.of("Grace"), withHeld(), names, TTL);
        });

        assertThat(stored).containsExactly("Grace", "Ada");
        assertThat(shared.<List<String>>read(key, names)).contains(List.of("Grace", "Ada"));
        assertThat(redis.keys()).as("the kept change and the marker are gone").containsExactly(key);
    }

    @Test
    void changesKeptForAFetchThatFailedAreDroppedWithItsMarker() {
        assertThatThrownBy(() -> shared.fetchOnce(key, java.util.Optional::empty, () -> {
            assertThat(shared.changeOrHold(key, names, adding("Ada"), "Ada", TTL)).as("kept for the fetch").isTrue();
            throw new IllegalStateException("the upstream failed");
        })).isInstanceOf(IllegalStateException.class);

        // The next fetch asks the upstream after the change: nothing of it is applied again.
        List<String> next = shared.fetchOnce(key, java.util.Optional::empty,
                () -> shared.storeFetched(key, List.of("Grace"), withHeld(), names, TTL));

        assertThat(next).containsExactly("Grace");
        assertThat(redis.keys()).containsExactly(key);
    }

    @Test
    void aChangeOfferedOnceTheFetchStoredItsCopyChangesThatCopy() {
        shared.fetchOnce(key, java.util.Optional::empty,
                () -> shared.storeFetched(key, List.of("Grace"), withHeld(), names, TTL));

        shared.changeOrHold(key, names, adding("Ada"), "Ada", TTL);

        assertThat(shared.<List<String>>read(key, names)).contains(List.of("Grace", "Ada"));
        assertThat(redis.keys()).containsExactly(key);
    }

    @Test
    void aCopyStoredMeanwhileByAnotherInstanceStaysAndGetsTheChangesKeptForTheFetch() {
        List<String> stored = shared.fetchOnce(key, java.util.Optional::empty, () -> {
            shared.changeOrHold(key, names, adding("Ada"), "Ada", TTL);
            // Another instance stopped waiting (past fetch-wait), fetched and stored first.
            redis.redis().opsForValue().set(key, "[\"Linus\"]", TTL);
            return shared.storeFetched(key, List.of("Grace"), withHeld(), names, TTL);
        });

        assertThat(stored).containsExactly("Linus", "Ada");
        assertThat(shared.<List<String>>read(key, names)).contains(List.of("Linus", "Ada"));
    }

    private static UnaryOperator<List<String>> adding(String name) {
        return value -> withHeld().apply(value, List.of(name));
    }

    private static BiFunction<List<String>, List<String>, List<String>> withHeld() {
        return (value, held) -> {
            List<String> next = new ArrayList<>(value);
            for (String text : held) {
                if (!next.contains(text)) {
                    next.add(text);
                }
            }
            return List.copyOf(next);
        };
    }

    /** One instance's shared copies over {@code state}. */
    static SharedCopies copies(SharedState state) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("sharedState", state);
        return new SharedCopies(beans.getBeanProvider(SharedState.class));
    }
}
