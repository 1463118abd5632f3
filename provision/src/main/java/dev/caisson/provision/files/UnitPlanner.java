package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Plans {@code systemd.units}: unit files and drop-ins under /etc/systemd/system, masks (links to
 * /dev/null), and enablement through Ignition's preset file; disabling also removes the unit's
 * {@code .wants} links, and a {@code .wants} directory left empty.
 */
final class UnitPlanner {
  static final String DIR = "/etc/systemd/system";
  static final String PRESET = "/etc/systemd/system-preset/20-ignition.preset";

  private final PlanBuilder plan;

  UnitPlanner(PlanBuilder plan) {
    this.plan = plan;
  }

  void apply(JsonNode systemd) throws ProvisionException {
    var presets = new TreeSet<String>();
    int i = 0;
    for (JsonNode u : systemd.path("units")) {
      String name = u.path("name").asText();
      String what = "systemd.units[" + i++ + "] " + name;
      if (u.hasNonNull("contents")) {
        write(DIR + "/" + name, u.get("contents").asText(), what);
      }
      for (JsonNode d : u.path("dropins")) {
        if (d.hasNonNull("contents")) {
          write(DIR + "/" + name + ".d/" + d.path("name").asText(), d.get("contents").asText(), what);
        }
      }
      if (u.path("mask").asBoolean(false)) {
        String rel = plan.fs().resolve(DIR + "/" + name, false);
        Node before = plan.fs().lookup(rel);
        if (!(before instanceof Node.Link l && l.target().equals("/dev/null"))) {
          if (!(before instanceof Node.Absent)) {
            plan.remove(rel, before);
          }
          plan.parents(rel, what);
          plan.symlink(rel, "/dev/null", 0, 0);
        }
        plan.note("unit mask " + name);
      }
      if (u.hasNonNull("enabled")) {
        boolean on = u.get("enabled").asBoolean();
        presets.add((on ? "enable " : "disable ") + presetName(name));
        plan.note("unit " + (on ? "enable " : "disable ") + name);
        if (!on) {
          removeWants(name);
        }
      }
    }
    if (!presets.isEmpty()) {
      String rel = plan.fs().resolve(PRESET, false);
      Node before = plan.fs().lookup(rel);
      var text = new StringBuilder();
      List<String> have = new ArrayList<>();
      if (before instanceof Node.File) {
        String old = new String(plan.read(rel), StandardCharsets.UTF_8);
        text.append(old);
        if (!old.isEmpty() && !old.endsWith("\n")) {
          text.append('\n');
        }
        have = old.lines().toList();
      }
      for (String line : presets) {
        if (!have.contains(line)) {
          text.append(line).append('\n');
        }
      }
      plan.parents(rel, "systemd preset");
      int[] a = before instanceof Node.File ? Modes.attrs(before) : new int[] {0644, 0, 0};
      plan.write(rel, text.toString().getBytes(StandardCharsets.UTF_8), a[0], a[1], a[2], before);
    }
  }

  /** {@code getty@tty2.service} is preset as {@code getty@.service tty2}. */
  static String presetName(String unit) {
    int at = unit.indexOf('@');
    int dot = unit.lastIndexOf('.');
    if (at < 0 || dot < at || at + 1 == dot) {
      return unit;
    }
    return unit.substring(0, at + 1) + unit.substring(dot) + " " + unit.substring(at + 1, dot);
  }

  private void write(String path, String contents, String what) throws ProvisionException {
    String rel = plan.fs().resolve(path, false);
    Node before = plan.fs().lookup(rel);
    if (!(before instanceof Node.Absent) && !(before instanceof Node.File)) {
      plan.remove(rel, before);
      before = Node.ABSENT;
    }
    plan.parents(rel, what);
    plan.write(rel, contents.getBytes(StandardCharsets.UTF_8), 0644, 0, 0, before);
  }

  private void removeWants(String name) throws ProvisionException {
    String dir = plan.fs().resolve(DIR, true);
    Path on = plan.fs().onDisk(dir);
    if (!(plan.fs().lookup(dir) instanceof Node.Dir) || !Files.isDirectory(on)) {
      return;
    }
    List<Path> wants;
    try (Stream<Path> s = Files.list(on)) {
      wants = s.filter(p -> p.getFileName().toString().endsWith(".wants")).sorted().toList();
    } catch (IOException e) {
      throw new ProvisionException(DIR + ": " + e.getMessage(), e);
    }
    for (Path w : wants) {
      String wrel = dir + "/" + w.getFileName();
      if (!(plan.fs().lookup(wrel) instanceof Node.Dir)) {
        continue;
      }
      String link = wrel + "/" + name;
      Node n = plan.fs().lookup(link);
      if (n instanceof Node.Link) {
        plan.remove(link, n);
        String[] left = w.toFile().list();
        long others = left == null ? 0 : java.util.Arrays.stream(left).filter(x -> !x.equals(name)).count();
        if (others == 0) {
          plan.remove(wrel, plan.fs().lookup(wrel));
        }
      }
    }
  }
}
