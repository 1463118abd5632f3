package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans {@code passwd.groups} and {@code passwd.users} the way shadow-utils' groupadd, useradd and
 * usermod would edit the target root, then writes each changed database once (temp + rename, with
 * the {@code -} backup), and plans homes from /etc/skel and SSH key files.
 */
final class Accounts {
  private static final String[] DBS = {"passwd", "shadow", "group", "gshadow"};

  private final PlanBuilder plan;
  private final long today;
  private AccountDb db;

  Accounts(PlanBuilder plan, long epochDay) {
    this.plan = plan;
    this.today = epochDay;
  }

  /** Loads the target's databases (needed for owner names even when the config has no accounts). */
  AccountDb load() throws ProvisionException {
    if (db == null) {
      var text = new HashMap<String, String>();
      for (String name : DBS) {
        text.put(name, exists("etc/" + name) ? new String(plan.read("etc/" + name), StandardCharsets.UTF_8) : "");
      }
      db = new AccountDb(text.get("passwd"), text.get("shadow"), text.get("group"), text.get("gshadow"),
          keyValues("etc/login.defs", "\\s+"), keyValues("etc/default/useradd", "="));
    }
    return db;
  }

  private boolean exists(String rel) throws ProvisionException {
    return plan.fs().lookup(rel) instanceof Node.File;
  }

  private Map<String, String> keyValues(String rel, String sep) throws ProvisionException {
    var m = new HashMap<String, String>();
    if (exists(rel)) {
      for (String line : new String(plan.read(rel), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          String[] kv = l.split(sep, 2);
          if (kv.length == 2) {
            m.put(kv[0].strip(), kv[1].strip());
          }
        }
      }
    }
    return m;
  }

  void apply(JsonNode passwd) throws ProvisionException {
    JsonNode groups = passwd.path("groups");
    JsonNode users = passwd.path("users");
    if (groups.isEmpty() && users.isEmpty()) {
      return;
    }
    AccountDb d = load();
    var before = new HashMap<String, String>();
    before.put("passwd", AccountDb.text(d.passwd));
    before.put("shadow", AccountDb.text(d.shadow));
    before.put("group", AccountDb.text(d.group));
    before.put("gshadow", AccountDb.text(d.gshadow));
    int i = 0;
    for (JsonNode g : groups) {
      new GroupEdit(d, plan).apply(g, "passwd.groups[" + i++ + "]");
    }
    var homes = new ArrayList<UserEdit.Home>();
    i = 0;
    for (JsonNode u : users) {
      new UserEdit(d, plan, today).apply(u, "passwd.users[" + i++ + "]").ifPresent(homes::add);
    }
    var after = Map.of("passwd", AccountDb.text(d.passwd), "shadow", AccountDb.text(d.shadow),
        "group", AccountDb.text(d.group), "gshadow", AccountDb.text(d.gshadow));
    boolean any = false;
    for (String name : DBS) {
      any |= !after.get(name).equals(before.get(name));
    }
    if (any) {
      plan.parents("etc/passwd", "passwd");
      Node lock = plan.fs().lookup("etc/.pwd.lock");
      if (lock instanceof Node.Absent) {
        plan.write("etc/.pwd.lock", new byte[0], 0600, 0, 0, lock);
      }
    }
    for (String name : DBS) {
      if (after.get(name).equals(before.get(name))) {
        continue;
      }
      String rel = "etc/" + name;
      Node old = plan.fs().lookup(rel);
      int[] a = old instanceof Node.File ? Modes.attrs(old) : new int[] {name.contains("shadow") ? 0640 : 0644, 0, 0};
      if (old instanceof Node.File) {
        Node backup = plan.fs().lookup(rel + "-");
        plan.write(rel + "-", before.get(name).getBytes(StandardCharsets.UTF_8), a[0], a[1], a[2],
            backup instanceof Node.File ? backup : Node.ABSENT);
      }
      plan.write(rel, after.get(name).getBytes(StandardCharsets.UTF_8), a[0], a[1], a[2],
          old instanceof Node.File ? old : Node.ABSENT);
    }
    for (UserEdit.Home h : homes) {
      h.plan(plan);
    }
  }

  /** A user name's uid in the target (after this run's account changes). */
  int uid(String name, String what) throws ProvisionException {
    return AccountDb.parse(load().user(name)
        .orElseThrow(() -> new ProvisionException(what + ": no user " + name + " in the target's /etc/passwd"))[2]);
  }

  int gid(String name, String what) throws ProvisionException {
    return AccountDb.parse(load().groupRow(name)
        .orElseThrow(() -> new ProvisionException(what + ": no group " + name + " in the target's /etc/group"))[2]);
  }
}
