package org.reservegrid.auth.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.secret.Secret;

/**
 * {@code VELDRA_AUTH_DATABASE_URL} as operators write it: libpq's URI form, with user and password percent-encoded
 * as libpq decodes them, or a JDBC URL. Credentials go to the driver apart from the URL; {@link
 * PostgresUrl#location()}, which the log shows, never holds them.
 */
class PostgresUrlTests {

    @Test
    void theLibpqFormIsTakenApartWithUserAndPasswordDecoded() {
        PostgresUrl url =
                parse("postgresql://rg%40app:p%40ss%3Aw%2For%20d%25@db.example.test:5433/accounts?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.test:5433/accounts?sslmode=require");
        assertThat(url.user()).contains("rg@app");
        assertThat(url.password().map(Secret::reveal)).contains("p@ss:w/or d%");
        assertThat(url.location()).isEqualTo("db.example.test:5433/accounts");
    }

    @Test
    void aPlusSignInThePasswordStaysAPlusSignAsInLibpq() {
        // libpq decodes only %XX: '+' means a plus sign in a URI's user info, not the space of a form body.
        PostgresUrl url = parse("postgresql://rg:a+b%2Bc@db.example.test/accounts");

        assertThat(url.password().map(Secret::reveal)).contains("a+b+c");
    }

    @Test
    void nonAsciiCredentialsAreDecodedAsUtf8() {
        PostgresUrl url = parse("postgresql://j%C3%BCrgen:gr%C3%BC%C3%9Fe@db.example.test/accounts");

        assertThat(url.user()).contains("jürgen");
        assertThat(url.password().map(Secret::reveal)).contains("grüße");
    }

    @Test
    void thePostgresSchemeIsAnAliasOfPostgresql() {
        PostgresUrl url = parse("postgres://rg:s3cret@db.example.test:5432/accounts");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.test:5432/accounts");
        assertThat(url.user()).contains("rg");
        assertThat(url.password().map(Secret::reveal)).contains("s3cret");
    }

    @Test
    void aUrlWithoutCredentialsLeavesThemToTheDriver() {
        PostgresUrl url = parse("postgresql://db.example.test/accounts");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.test/accounts");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
        assertThat(url.location()).isEqualTo("db.example.test/accounts");
    }

    @Test
    void aUserWithoutAPasswordHasNoPassword() {
        assertThat(parse("postgresql://rg@db.example.test/accounts").user()).contains("rg");
        assertThat(parse("postgresql://rg@db.example.test/accounts").password()).isEmpty();
        assertThat(parse("postgresql://rg:@db.example.test/accounts").password())
                .isEmpty();
    }

    @Test
    void anIpv6HostKeepsItsBrackets() {
        PostgresUrl url = parse("postgresql://rg:s3cret@[::1]:5432/accounts");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/accounts");
        assertThat(url.location()).isEqualTo("[::1]:5432/accounts");
    }

    @Test
    void aPasswordInTheQueryStaysOutOfTheLocation() {
        PostgresUrl url = parse("postgresql://db.example.test/accounts?user=rg&password=s3cret");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.test/accounts?user=rg&password=s3cret");
        assertThat(url.location()).isEqualTo("db.example.test/accounts").doesNotContain("s3cret");
    }

    @Test
    void theJdbcFormIsUsedAsItIsAndItsLocationHasNoQuery() {
        String jdbc = "jdbc:postgresql://db.example.test:5432/accounts?user=rg&password=s3cret&sslmode=verify-full";

        PostgresUrl url = parse(jdbc);

        assertThat(url.jdbcUrl()).isEqualTo(jdbc);
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
        assertThat(url.location()).isEqualTo("db.example.test:5432/accounts");
    }

    @Test
    void theJdbcFormWithSeveralHostsNamesThemInItsLocation() {
        PostgresUrl url =
                parse("jdbc:postgresql://db1.example.test:5432,db2.example.test:5432/accounts?password=s3cret");

        assertThat(url.location()).isEqualTo("db1.example.test:5432,db2.example.test:5432/accounts");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://rg:s3cret@/accounts",
                "postgresql://rg:s3c%zzret@db.example.test/accounts",
                "postgresql://rg:s3c ret@db.example.test/accounts",
                "postgresql://rg:s3cret@db.example.test:port/accounts",
                "jdbc:postgresql://rg:s3cret@db.example.test/acc ounts"
            })
    void anInvalidUrlIsRefusedWithoutRepeatingIt(String value) {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> parse(value))
                .satisfies(refusal -> assertThat(refusal.setting()).isEqualTo(AuthSettings.DATABASE_URL))
                .withMessageNotContaining("s3c")
                .withMessageNotContaining("db.example.test")
                .withMessageContaining("not shown");
    }

    @Test
    void theTextOfAParsedUrlShowsNoPassword() {
        assertThat(parse("postgresql://rg:s3cret@db.example.test/accounts").toString())
                .doesNotContain("s3cret");
    }

    private static PostgresUrl parse(String value) {
        return PostgresUrl.parse(Secret.of(value));
    }
}
