package io.quire.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.server.config.ServerConfig.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static ServerConfig parse(Map<String, String> env, String... args) {
        return ServerConfig.parse(args, env);
    }

    @Nested
    class Defaults {

        @Test
        void withNoFlagsAndNoEnvironment() {
            ServerConfig config = parse(NO_ENV);

            assertThat(config.host()).isEqualTo("127.0.0.1");
            assertThat(config.port()).isEqualTo(8080);
            assertThat(config.dataDir()).isEqualTo(Path.of("quire-data"));
            assertThat(config.maxMessageBytes()).isEqualTo(1024 * 1024);
            assertThat(config).isEqualTo(ServerConfig.defaults());
        }

        @Test
        void emptyEnvironmentVariablesCountAsUnset() {
            ServerConfig config = parse(Map.of("QUIRE_HOST", "", "QUIRE_PORT", "", "QUIRE_DATA", ""));

            assertThat(config).isEqualTo(ServerConfig.defaults());
        }
    }

    @Nested
    class Precedence {

        private final Map<String, String> env = Map.of(
                "QUIRE_HOST", "0.0.0.0", "QUIRE_PORT", "9000", "QUIRE_DATA", "/var/lib/quire");

        @Test
        void environmentOverridesDefaults() {
            ServerConfig config = parse(env);

            assertThat(config.host()).isEqualTo("0.0.0.0");
            assertThat(config.port()).isEqualTo(9000);
            assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/quire"));
        }

        @Test
        void flagsOverrideEnvironment() {
            ServerConfig config = parse(env, "--host", "localhost", "--port", "9100", "--data", "books");

            assertThat(config.host()).isEqualTo("localhost");
            assertThat(config.port()).isEqualTo(9100);
            assertThat(config.dataDir()).isEqualTo(Path.of("books"));
        }

        @Test
        void eachSettingIsResolvedOnItsOwn() {
            ServerConfig config = parse(Map.of("QUIRE_PORT", "9000"), "--data", "books");

            assertThat(config.host()).isEqualTo("127.0.0.1");
            assertThat(config.port()).isEqualTo(9000);
            assertThat(config.dataDir()).isEqualTo(Path.of("books"));
        }

        @Test
        void flagsAcceptAnEqualsSign() {
            ServerConfig config = parse(NO_ENV, "--port=9200", "--host=::1", "--data=a=b");

            assertThat(config.port()).isEqualTo(9200);
            assertThat(config.host()).isEqualTo("::1");
            assertThat(config.dataDir()).isEqualTo(Path.of("a=b"));
        }

        @Test
        void theLastOfARepeatedFlagWins() {
            assertThat(parse(NO_ENV, "--port", "1", "--port", "2").port()).isEqualTo(2);
        }

        @Test
        void portZeroMeansAnyFreePort() {
            assertThat(parse(NO_ENV, "--port", "0").port()).isZero();
        }
    }

    @Nested
    class BadValues {

        @Test
        void nonNumericPortFlag() {
            assertThatThrownBy(() -> parse(NO_ENV, "--port", "http"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--port 'http' is not a number (expected: 0-65535)");
        }

        @Test
        void nonNumericPortInEnvironmentNamesTheVariable() {
            assertThatThrownBy(() -> parse(Map.of("QUIRE_PORT", "80a")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("QUIRE_PORT '80a' is not a number (expected: 0-65535)");
        }

        @Test
        void badEnvironmentIsReportedEvenWhenAFlagWouldOverrideIt() {
            // Silently ignoring a broken variable hides mistakes that bite on the next run without the flag.
            assertThatThrownBy(() -> parse(Map.of("QUIRE_PORT", "x"), "--port", "9000"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("QUIRE_PORT");
        }

        @Test
        void portOutOfRange() {
            assertThatThrownBy(() -> parse(NO_ENV, "--port", "65536"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--port 65536 is out of range (expected: 0-65535)");
            assertThatThrownBy(() -> parse(NO_ENV, "--port=-1"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--port -1 is out of range (expected: 0-65535)");
        }

        @Test
        void unknownFlag() {
            assertThatThrownBy(() -> parse(NO_ENV, "--verbose"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("unknown option '--verbose' (expected one of --host, --port, --data, --backup-dir, --jwt-secret, --allow-private-webhooks, --log-format, --help)");
        }

        @Test
        void positionalArgument() {
            assertThatThrownBy(() -> parse(NO_ENV, "8080"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("unexpected argument '8080'");
        }

        @Test
        void flagWithoutValue() {
            assertThatThrownBy(() -> parse(NO_ENV, "--data"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--data needs a value");
        }

        @Test
        void blankHost() {
            assertThatThrownBy(() -> parse(NO_ENV, "--host", " "))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--host must not be blank");
        }
    }

    @Nested
    class Help {

        @Test
        void isRecognisedAnywhereOnTheLine() {
            assertThat(ServerConfig.helpRequested(new String[] {"--port", "x", "--help"})).isTrue();
            assertThat(ServerConfig.helpRequested(new String[] {"-h"})).isTrue();
            assertThat(ServerConfig.helpRequested(new String[] {"--port", "9000"})).isFalse();
        }

        @Test
        void usageMentionsEveryFlagAndVariable() {
            assertThat(ServerConfig.USAGE)
                    .contains("--host", "--port", "--data", "--help", "QUIRE_HOST", "QUIRE_PORT", "QUIRE_DATA");
        }
    }
}
