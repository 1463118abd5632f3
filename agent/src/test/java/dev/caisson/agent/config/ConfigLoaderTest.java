package dev.caisson.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path root;
  List<Path> dirs;

  @BeforeEach
  void dirs() {
    dirs = ConfigLoader.defaultDirs(root);
  }

  private Path write(int dir, String name, String text) throws Exception {
    Path d = Files.createDirectories(dirs.get(dir));
    return Files.writeString(d.resolve(name), text);
  }

  private AgentConfig load() throws Exception {
    return new ConfigLoader().load(dirs);
  }

  @Test
  void noFragmentsGiveZincatisDefaults() throws Exception {
    AgentConfig c = load();
    assertThat(c.strategy()).isEqualTo(StrategyKind.IMMEDIATE);
    assertThat(c.steadyInterval()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.group()).isEqualTo("default");
    assertThat(c.updatesEnabled()).isTrue();
    assertThat(c.allowDowngrade()).isFalse();
    assertThat(c.rebootCommand()).containsExactly("systemctl", "reboot");
  }

  @Test
  void zincatiFilesWorkAsTheyAre() throws Exception {
    // Fedora CoreOS's shipped fragments, and the fleet_lock example of Zincati's docs
    write(0, "10-agent.toml", "[agent.timing]\nsteady_interval_secs = 300\n");
    write(0, "10-auto-updates.toml", "# Enable auto-updates\n[updates]\nenabled = true\n");
    write(0, "30-updates-strategy.toml", "[updates]\nstrategy = \"immediate\"\n");
    write(0, "50-fedora-coreos-cincinnati.toml",
        "[cincinnati]\nbase_url= \"https://updates.coreos.fedoraproject.org\"\n");
    write(1, "55-updates-strategy.toml", """
        [updates]
        strategy = "fleet_lock"

        [updates.fleet_lock]
        base_url = "http://fleet-lock.example.com:8080/"
        """);
    write(1, "90-identity.toml", "[identity]\ngroup = \"workers\"\nrollout_wariness = 0.5\n");
    AgentConfig c = load();
    assertThat(c.strategy()).isEqualTo(StrategyKind.FLEET_LOCK);
    assertThat(c.fleetLockBaseUrl()).hasValue("http://fleet-lock.example.com:8080/");
    assertThat(c.cincinnatiBaseUrl()).hasValue("https://updates.coreos.fedoraproject.org");
    assertThat(c.group()).isEqualTo("workers");
    assertThat(c.rolloutWariness()).hasValue(0.5);
    assertThat(c.effectiveRepoUrl()).hasValue("https://updates.coreos.fedoraproject.org/repo/");
  }

  @Test
  void periodicWindowsFromZincatisDocsAddUpAcrossFragments() throws Exception {
    write(1, "55-updates-strategy.toml", """
        [updates]
        strategy = "periodic"

        [updates.periodic]
        time_zone = "America/Toronto"

        [[updates.periodic.window]]
        days = [ "Sat", "Sun" ]
        start_time = "23:30"
        length_minutes = 60
        """);
    write(1, "56-more.toml", """
        [[updates.periodic.window]]
        days = [ "Monday" ]
        start_time = "00:00"
        length_minutes = 60
        """);
    AgentConfig c = load();
    assertThat(c.strategy()).isEqualTo(StrategyKind.PERIODIC);
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("America/Toronto"));
    assertThat(c.windows()).containsExactly(
        new dev.caisson.agent.strategy.WeeklyWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(23, 30),
            60),
        new dev.caisson.agent.strategy.WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.MIDNIGHT, 60));
  }

  @Test
  void sameNameInALaterDirectoryReplacesTheFileAndLaterNamesOverrideKeys() throws Exception {
    write(0, "30-strategy.toml", "[updates]\nstrategy = \"fleet_lock\"\n[updates.fleet_lock]\nbase_url = \"http://a/\"\n");
    write(1, "30-strategy.toml", "[updates]\nallow_downgrade = true\n");
    write(0, "40-group.toml", "[identity]\ngroup = \"a\"\n");
    write(2, "20-group.toml", "[identity]\ngroup = \"b\"\n");
    AgentConfig c = load();
    // /etc's 30-strategy.toml replaced /usr/lib's whole file: no fleet_lock any more
    assertThat(c.strategy()).isEqualTo(StrategyKind.IMMEDIATE);
    assertThat(c.allowDowngrade()).isTrue();
    // 40-group.toml sorts after 20-group.toml, whatever its directory
    assertThat(c.group()).isEqualTo("a");
  }

  @Test
  void aSymlinkToDevNullMasksTheName() throws Exception {
    write(0, "30-strategy.toml", "[updates]\nenabled = false\n");
    Files.createDirectories(dirs.get(1));
    Files.createSymbolicLink(dirs.get(1).resolve("30-strategy.toml"), Path.of("/dev/null"));
    write(1, "notes.txt", "[updates]\nenabled = false\n");
    assertThat(load().updatesEnabled()).isTrue();
    assertThat(new ConfigLoader().fragments(dirs)).isEmpty();
  }

  @Test
  void bothPeriodicAndFleetLock() throws Exception {
    write(1, "50.toml", """
        [updates]
        strategy = "periodic+fleet_lock"
        [updates.fleet_lock]
        base_url = "http://lock/${group}/"
        [[updates.periodic.window]]
        days = ["Tue"]
        start_time = "02:00"
        length_minutes = 90
        """);
    AgentConfig c = load();
    assertThat(c.strategy().periodic()).isTrue();
    assertThat(c.strategy().fleetLock()).isTrue();
  }

  @Test
  void errorsNameTheFileTheLineAndTheKey() throws Exception {
    Path f = write(1, "60-bad.toml", "# comment\n[identity]\ngroup = \"workers\"\nrollout_wariness = 1.5\n");
    assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
        .hasMessage(f + ":4: identity.rollout_wariness: must be a number from 0.0 to 1.0");
  }

  @Test
  void unknownKeysAndBadWindowsAreErrorsWithTheirLine() throws Exception {
    Path f = write(1, "60-bad.toml", "[updates]\nstrategy = \"periodic\"\nstratgey = \"x\"\n");
    assertThatThrownBy(this::load).hasMessage(f + ":3: updates.stratgey: unknown key");
    Files.writeString(f, """
        [updates]
        strategy = "periodic"
        [[updates.periodic.window]]
        days = ["Sat"]
        start_time = "23:30"
        length_minutes = 60
        [[updates.periodic.window]]
        days = ["Caturday"]
        start_time = "01:00"
        length_minutes = 60
        """);
    assertThatThrownBy(this::load).hasMessage(f + ":8: updates.periodic.window.days: unknown day 'Caturday' (Mon ... Sun)");
  }

  @Test
  void syntaxErrorsAndMissingSettingsAreReported() throws Exception {
    Path f = write(1, "60-bad.toml", "[updates]\nstrategy = \n");
    assertThatThrownBy(this::load).hasMessageStartingWith(f + ":2: not valid TOML");
    Files.writeString(f, "[updates]\nstrategy = \"fleet_lock\"\n");
    assertThatThrownBy(this::load).hasMessage(f + ":2: updates.strategy: strategy fleet_lock needs "
        + "updates.fleet_lock.base_url");
    Files.writeString(f, "[updates]\nstrategy = \"periodic\"\n");
    assertThatThrownBy(this::load).hasMessageContaining("needs at least one [[updates.periodic.window]]");
    Files.writeString(f, "[updates]\nstrategy = \"sometimes\"\n");
    assertThatThrownBy(this::load).hasMessageContaining(":2: updates.strategy: unknown strategy 'sometimes'");
    Files.writeString(f, "[identity]\ngroup = \"no spaces\"\n");
    assertThatThrownBy(this::load).hasMessageContaining(":2: identity.group:");
  }
}
