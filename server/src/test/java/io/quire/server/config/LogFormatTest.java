package io.quire.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.server.config.ServerConfig.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void textUnlessAskedOtherwise() {
        assertThat(LogFormat.choose(new String[] {"--port", "9000"}, Map.of())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose(new String[0], Map.of(LogFormat.ENV, ""))).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        assertThat(LogFormat.choose(new String[0], Map.of(LogFormat.ENV, "JSON"))).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.choose(new String[] {"--log-format", "text"}, Map.of(LogFormat.ENV, "json")))
                .isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose(new String[] {"--log-format=json"}, Map.of())).isEqualTo(LogFormat.JSON);
    }

    @Test
    void unknownFormatsAreUsageErrorsNamingTheirSource() {
        assertThatThrownBy(() -> LogFormat.choose(new String[] {"--log-format", "xml"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--log-format 'xml' is not a log format (expected: text or json)");
        assertThatThrownBy(() -> ServerConfig.parse(new String[0], Map.of(LogFormat.ENV, "yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("QUIRE_LOG_FORMAT 'yaml'");
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--log-format"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--log-format needs a value");
    }

    @Test
    void theServerConfigurationAcceptsTheFlagAndItsHelpNamesIt() {
        ServerConfig config = ServerConfig.parse(new String[] {"--log-format", "json", "--port", "9100"}, Map.of());

        assertThat(config.port()).isEqualTo(9100);
        assertThat(ServerConfig.USAGE).contains("--log-format", "QUIRE_LOG_FORMAT");
    }
}
