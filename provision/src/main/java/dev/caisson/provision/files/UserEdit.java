package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code passwd.users} entry: useradd for a new user, usermod for an existing one, userdel to remove. */
final class UserEdit {
  private final AccountDb db;
  private final PlanBuilder plan;
  private final long today;

  UserEdit(AccountDb db, PlanBuilder plan, long today) {
    this.db = db;
    this.plan = plan;
    this.today = today;
  }

  /** What to create in the user's home once the databases are written. */
  record Home(String path, int uid, int gid, boolean create, int mode, List<String> keys, String what) {
    void plan(PlanBuilder plan) throws ProvisionException {
      String rel = plan.fs().resolve(path, false);
      plan.parents(rel, what);
      if (create && plan.fs().lookup(rel) instanceof Node.Absent) {
        plan.mkdir(rel, mode, uid, gid);
        new Skel(plan).copy(rel, uid, gid);
      }
      if (keys.isEmpty()) {
        return;
      }
      String ssh = plan.fs().resolve(path + "/.ssh", false);
      String dir = plan.fs().resolve(path + "/.ssh/authorized_keys.d", false);
      String file = plan.fs().resolve(path + "/.ssh/authorized_keys.d/ignition", false);
      plan.parents(ssh, what);
      for (String d : List.of(ssh, dir)) {
        Node n = plan.fs().lookup(d);
        if (n instanceof Node.Absent) {
          plan.mkdir(d, 0700, uid, gid);
        } else if (!(n instanceof Node.Dir)) {
          throw new ProvisionException(what + ": /" + d + " exists and is not a directory");
        }
      }
      var body = String.join("\n", keys) + "\n";
      plan.write(file, body.getBytes(StandardCharsets.UTF_8), 0600, uid, gid, plan.fs().lookup(file));
    }
  }

  Optional<Home> apply(JsonNode u, String what) throws ProvisionException {
    String name = u.path("name").asText();
    Optional<String[]> existing = db.user(name);
    if (!u.path("shouldExist").asBoolean(true)) {
      existing.ifPresent(row -> delete(name, row));
      return Optional.empty();
    }
    List<String> keys = new ArrayList<>();
    u.path("sshAuthorizedKeys").forEach(k -> keys.add(k.asText()));
    List<String> groups = new ArrayList<>();
    u.path("groups").forEach(g -> groups.add(g.asText()));
    for (String g : groups) {
      if (db.groupRow(g).isEmpty()) {
        throw new ProvisionException(what + " " + name + ": group " + g + " does not exist");
      }
    }
    if (existing.isPresent()) {
      String[] row = existing.get();
      modify(u, row, groups, what);
      return keys.isEmpty() ? Optional.empty()
          : Optional.of(new Home(row[5], AccountDb.parse(row[2]), AccountDb.parse(row[3]), false, 0, keys, what));
    }
    boolean system = u.path("system").asBoolean(false);
    int uid = u.hasNonNull("uid") ? u.get("uid").asInt() : db.allocate(system, false, -1);
    if (u.hasNonNull("uid") && db.uidUsed(uid)) {
      throw new ProvisionException(what + " " + name + ": uid " + uid + " is already used");
    }
    int gid;
    if (u.hasNonNull("primaryGroup")) {
      gid = primary(u.get("primaryGroup").asText(), what + " " + name);
    } else if (!u.path("noUserGroup").asBoolean(false) && "yes".equalsIgnoreCase(db.loginDefs.get("USERGROUPS_ENAB"))) {
      if (db.groupRow(name).isPresent()) {
        throw new ProvisionException(what + " " + name + ": group " + name + " exists; set primaryGroup to use it");
      }
      gid = db.allocate(system, true, uid);
      db.group.add(new String[] {name, "x", Integer.toString(gid), ""});
      db.gshadow.add(new String[] {name, "!", "", ""});
    } else {
      gid = AccountDb.parse(db.useraddDefaults.getOrDefault("GROUP", "100"));
    }
    String home = u.path("homeDir").asText("/home/" + name);
    String shell = u.path("shell").asText(db.useraddDefaults.getOrDefault("SHELL", "/bin/bash"));
    String hash = u.hasNonNull("passwordHash") ? u.get("passwordHash").asText() : "*";
    db.passwd.add(new String[] {name, "x", Integer.toString(uid), Integer.toString(gid),
        u.path("gecos").asText(""), home, shell});
    String day = Long.toString(today);
    db.shadow.add(system ? new String[] {name, hash, day, "", "", "", "", "", ""}
        : new String[] {name, hash, day, defText("PASS_MIN_DAYS"), defText("PASS_MAX_DAYS"),
            defText("PASS_WARN_AGE"), "", "", ""});
    setGroups(name, groups);
    plan.note("user add " + name + " uid " + uid + " gid " + gid + " home " + home + " shell " + shell
        + (groups.isEmpty() ? "" : " groups " + String.join(",", groups))
        + (u.hasNonNull("passwordHash") ? " password set" : "") + (keys.isEmpty() ? "" : " ssh keys " + keys.size()));
    boolean create = !u.path("noCreateHome").asBoolean(false);
    int umask = db.def("UMASK", 022);
    int mode = db.def("HOME_MODE", 0777 & ~umask);
    return create || !keys.isEmpty() ? Optional.of(new Home(home, uid, gid, create, mode, keys, what))
        : Optional.empty();
  }

  private String defText(String key) {
    return db.loginDefs.getOrDefault(key, "");
  }

  private int primary(String group, String what) throws ProvisionException {
    Optional<String[]> byName = db.groupRow(group);
    if (byName.isPresent()) {
      return AccountDb.parse(byName.get()[2]);
    }
    int id = AccountDb.parse(group);
    if (id >= 0) {
      return id;
    }
    throw new ProvisionException(what + ": primary group " + group + " does not exist");
  }

  private void modify(JsonNode u, String[] row, List<String> groups, String what) throws ProvisionException {
    var changes = new ArrayList<String>();
    if (u.hasNonNull("uid") && !row[2].equals(u.get("uid").asText())) {
      row[2] = u.get("uid").asText();
      changes.add("uid " + row[2]);
    }
    if (u.hasNonNull("primaryGroup")) {
      String gid = Integer.toString(primary(u.get("primaryGroup").asText(), what));
      if (!row[3].equals(gid)) {
        row[3] = gid;
        changes.add("gid " + gid);
      }
    }
    if (u.hasNonNull("gecos") && !row[4].equals(u.get("gecos").asText())) {
      row[4] = u.get("gecos").asText();
      changes.add("gecos");
    }
    if (u.hasNonNull("homeDir") && !row[5].equals(u.get("homeDir").asText())) {
      row[5] = u.get("homeDir").asText();
      changes.add("home " + row[5]);
    }
    if (u.hasNonNull("shell") && !row[6].equals(u.get("shell").asText())) {
      row[6] = u.get("shell").asText();
      changes.add("shell " + row[6]);
    }
    if (u.hasNonNull("passwordHash")) {
      String[] s = AccountDb.find(db.shadow, row[0]).orElse(null);
      if (s != null && !s[1].equals(u.get("passwordHash").asText())) {
        s[1] = u.get("passwordHash").asText();
        changes.add("password set");
      }
    }
    if (!groups.isEmpty()) {
      setGroups(row[0], groups);
      changes.add("groups " + String.join(",", groups));
    }
    plan.note("user modify " + row[0] + (changes.isEmpty() ? " (no change)" : " " + String.join(" ", changes)));
  }

  /** Makes {@code groups} the user's supplementary groups, in group and gshadow. */
  private void setGroups(String user, List<String> groups) {
    for (List<String[]> rows : List.of(db.group, db.gshadow)) {
      for (String[] r : rows) {
        var members = new ArrayList<>(r[3].isEmpty() ? List.of() : List.of(r[3].split(",")));
        boolean want = groups.contains(r[0]);
        boolean has = members.contains(user);
        if (want && !has) {
          members.add(user);
        } else if (!want && has) {
          members.remove(user);
        }
        r[3] = String.join(",", members);
      }
    }
  }

  private void delete(String name, String[] row) {
    db.passwd.removeIf(r -> r[0].equals(name));
    db.shadow.removeIf(r -> r[0].equals(name));
    setGroups(name, List.of());
    Optional<String[]> own = db.groupRow(name);
    if (own.isPresent() && own.get()[2].equals(row[3]) && own.get()[3].isEmpty()) {
      db.group.removeIf(r -> r[0].equals(name));
      db.gshadow.removeIf(r -> r[0].equals(name));
    }
    plan.note("user remove " + name + " (home kept)");
  }
}
