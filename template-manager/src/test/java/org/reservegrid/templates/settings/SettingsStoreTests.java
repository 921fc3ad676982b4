package org.reservegrid.templates.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.secret.Secret;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SettingsStoreTests {
    private static final JsonMapper MAPPER = new JsonMapper();

    private final SettingsStore store = new SettingsStore(RuntimeSettings.validate(
            "http://127.0.0.1:18443", Secret.of("pool"), Secret.of("old-pass"), 1, true, 120, 10, 10, 2));

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    @Test
    void aPartialUpdateChangesOnlyTheFieldsGivenAndNotifiesListeners() {
        AtomicInteger notified = new AtomicInteger();
        store.onChange(notified::incrementAndGet);

        RuntimeSettings updated =
                store.update(json("{\"poll_interval_secs\": 0.5, \"longpoll\": false, \"verdict_timeout_secs\": 1}"));

        assertThat(updated.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(updated.longPoll()).isFalse();
        assertThat(updated.verdictTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(updated.rpcTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(updated.node().password()).isEqualTo(Secret.of("old-pass"));
        assertThat(store.current()).isEqualTo(updated);
        assertThat(notified).hasValue(1);
    }

    @Test
    void credentialsCanBeReplacedAndCleared() {
        store.update(json("{\"rpc_user\": \"other\", \"rpc_pass\": \"new-pass\"}"));
        assertThat(store.current().node().password()).isEqualTo(Secret.of("new-pass"));

        store.update(json("{\"rpc_user\": null, \"rpc_pass\": \"\"}"));
        assertThat(store.current().node().user()).isNull();
        assertThat(store.current().node().password()).isNull();
    }

    @Test
    void everyBadFieldIsReportedAndNothingChanges() {
        RuntimeSettings before = store.current();

        assertThatThrownBy(() ->
                        store.update(json("{\"poll_interval_secs\": 0, \"rpc_timeout_secs\": \"ten\", \"longpoll\": 1,"
                                + " \"colour\": \"blue\", \"rpc_url\": \"ftp://node\"}")))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).startsWith("poll_interval_secs must be between"))
                                .anySatisfy(p -> assertThat(p).startsWith("rpc_timeout_secs must be a number"))
                                .anySatisfy(p -> assertThat(p).startsWith("longpoll must be true or false"))
                                .anySatisfy(p -> assertThat(p).isEqualTo("unknown setting 'colour'"))
                                .anySatisfy(p -> assertThat(p).startsWith("rpc_url must start with http")));
        assertThat(store.current()).isSameAs(before);
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> store.update(json("{\"rpc_url\": \"http://pool:s3cret@127.0.0.1:8332\"}")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theReadOnlyPartOfAGetAnswerMayBeSentBack() {
        store.update(json("{\"rpc_user_set\": true, \"rpc_pass_set\": true, \"read_only\": {\"history\": 64},"
                + " \"refresh_secs\": 30}"));

        assertThat(store.current().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> store.update(json("[1]"))).isInstanceOf(InvalidSettingsException.class);
    }
}
