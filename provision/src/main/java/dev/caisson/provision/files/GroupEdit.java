package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;

/** One {@code passwd.groups} entry, as groupadd (or groupdel for {@code shouldExist: false}). */
final class GroupEdit {
  private final AccountDb db;
  private final PlanBuilder plan;

  GroupEdit(AccountDb db, PlanBuilder plan) {
    this.db = db;
    this.plan = plan;
  }

  void apply(JsonNode g, String what) throws ProvisionException {
    String name = g.path("name").asText();
    boolean exists = db.groupRow(name).isPresent();
    if (!g.path("shouldExist").asBoolean(true)) {
      if (exists) {
        db.group.removeIf(r -> r[0].equals(name));
        db.gshadow.removeIf(r -> r[0].equals(name));
        plan.note("group remove " + name);
      }
      return;
    }
    if (exists) {
      plan.note("group " + name + " exists: left unchanged");
      return;
    }
    int gid;
    if (g.hasNonNull("gid")) {
      gid = g.get("gid").asInt();
      if (db.gidUsed(gid)) {
        throw new ProvisionException(what + " " + name + ": gid " + gid + " is already used");
      }
    } else {
      gid = db.allocate(g.path("system").asBoolean(false), true, -1);
    }
    String hash = g.hasNonNull("passwordHash") ? g.get("passwordHash").asText() : "*";
    db.group.add(new String[] {name, "x", Integer.toString(gid), ""});
    db.gshadow.add(new String[] {name, hash, "", ""});
    plan.note("group add " + name + " gid " + gid + (g.path("system").asBoolean(false) ? " (system)" : "")
        + (g.hasNonNull("passwordHash") ? " password set" : ""));
  }
}
