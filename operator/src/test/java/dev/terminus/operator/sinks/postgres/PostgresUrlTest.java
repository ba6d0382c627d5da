package dev.terminus.operator.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  @Test
  void credentialsInTheQueryAreTakenOutOfTheUrl() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://db:5432/terminus?user=t&password=s%26cret&ssl=true", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/terminus?ssl=true");
    assertThat(url.user()).isEqualTo("t");
    assertThat(url.password()).isEqualTo("s&cret");
  }

  @Test
  void userInfoAndTheLibpqFormAreUnderstood() {
    PostgresUrl url = PostgresUrl.parse("postgres://t:p%40ss@db/terminus", null, null);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/terminus");
    assertThat(url.user()).isEqualTo("t");
    assertThat(url.password()).isEqualTo("p@ss");
  }

  @Test
  void explicitSettingsWinOverTheUrl() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://db/terminus?user=t&password=old", "admin", "new");

    assertThat(url.user()).isEqualTo("admin");
    assertThat(url.password()).isEqualTo("new");
    assertThat(url.toString()).doesNotContain("new", "old");
  }

  @Test
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://db/x", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TERMINUS_POSTGRES_URL");
  }
}
