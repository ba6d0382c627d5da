package dev.terminus.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionConfigTest {

  @Test
  void storesAreOffUnlessTheirUrlIsSet() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

    assertThat(config.projections().postgresEnabled()).isFalse();
    assertThat(config.projections().redisEnabled()).isFalse();
    assertThat(config.resyncPeriod()).isEqualTo(OperatorConfig.defaults().resyncPeriod());
  }

  @Test
  void readsBothStoresFromTheEnvironment() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "TERMINUS_POSTGRES_URL", "jdbc:postgresql://db:5432/terminus",
                "TERMINUS_POSTGRES_USER", "terminus",
                "TERMINUS_POSTGRES_PASSWORD", "s3cret",
                "TERMINUS_REDIS_URL", "redis://:hunter2@cache:6379/2"));

    ProjectionConfig p = config.projections();
    assertThat(p.postgresUrl()).isEqualTo("jdbc:postgresql://db:5432/terminus");
    assertThat(p.postgresUser()).isEqualTo("terminus");
    assertThat(p.postgresPassword()).isEqualTo("s3cret");
    assertThat(p.redisUrl()).isEqualTo("redis://:hunter2@cache:6379/2");
  }

  @Test
  void secretsNeverAppearWhenTheConfigurationIsPrinted() {
    OperatorConfig config =
        OperatorConfig.defaults()
            .with(
                ProjectionConfig.NONE
                    .withPostgres(
                        "jdbc:postgresql://db/terminus?user=t&password=s3cret&ssl=true",
                        null,
                        "other-secret")
                    .withRedisUrl("redis://default:hunter2@cache:6379/2"));

    String printed = config.toString();

    assertThat(printed)
        .doesNotContain("s3cret", "other-secret", "hunter2")
        .contains("password=***&ssl=true", "redis://default:***@cache:6379/2");
  }

  @Test
  void masksEveryPasswordForm() {
    assertThat(SecretMask.url("postgres://u:p%40ss@h:5432/d"))
        .isEqualTo("postgres://u:***@h:5432/d");
    assertThat(SecretMask.url("redis://:pw@h:6379")).isEqualTo("redis://:***@h:6379");
    assertThat(SecretMask.url("jdbc:postgresql://h/d?PASSWORD=x&user=u"))
        .isEqualTo("jdbc:postgresql://h/d?PASSWORD=***&user=u");
    assertThat(SecretMask.url("redis://h:6379/0")).isEqualTo("redis://h:6379/0");
    assertThat(SecretMask.url(null)).isNull();
  }

  @Test
  void nodesAreGivenOnlyARedisUrlWithoutCredentials() {
    assertThat(ProjectionConfig.NONE.workerRedisUrl()).isEmpty();
    assertThat(ProjectionConfig.NONE.withRedisUrl("redis://cache:6379/2").workerRedisUrl())
        .contains("redis://cache:6379/2");
    assertThat(ProjectionConfig.NONE.withRedisUrl("redis://:hunter2@cache:6379").workerRedisUrl())
        .isEmpty();
    assertThat(ProjectionConfig.NONE.withRedisUrl("rediss://user:pw@cache:6380").workerRedisUrl())
        .isEmpty();
  }
}
