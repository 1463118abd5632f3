#!/usr/bin/env python3
"""Writes the project's own Butane conformance cases: NAME.bu, NAME.ign (expected output),
NAME.stderr (for failures) and MANIFEST.tsv, in the format of ../shared/conformance/transpile,
so the same checker judges them.

How the expected outputs were obtained: not by running any translator. Each expected document is
written here from the rules of Butane and Ignition as documented upstream (Butane's docs/config-*.md
and docs/specs.md, Ignition's docs/configuration-v3_*.md, summarised in shared/docs/FORMATS.md
Part 1): the variant/version -> Ignition spec table (1.1), snake_case -> camelCase names (1.4),
inline/local -> data: URLs (compared decoded, so the encoding Butane would pick does not matter),
octal YAML modes -> decimal JSON, trees -> files (0644, or 0755 if executable) and links,
with_mount_unit -> a unit following Butane's mount-unit template, ssh_authorized_keys_local split
on \\r?\\n. Invalid cases name the rule they break; for those only a non-zero exit and a message
are checked. Run: python3 generate.py (writes into this directory)."""
import json, os, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
cases = []  # (name, args, bu_text, expected dict or None, rc, stderr)

def data(text):
    return "data:," + urllib.parse.quote(text, safe="-_.!~*'()")

def ok(name, bu, expected, args="--files-dir files-dir"):
    cases.append((name, args, bu, expected, 0, None))

def bad(name, bu, why, args="--files-dir files-dir"):
    cases.append((name, args, bu, None, 1, why))

def ign(spec, **rest):
    d = {"ignition": {"version": spec}}
    d.update(rest)
    return d

SPECS = {"fcos": {"1.0.0": "3.0.0", "1.1.0": "3.1.0", "1.2.0": "3.2.0", "1.3.0": "3.2.0", "1.4.0": "3.3.0",
                  "1.5.0": "3.4.0", "1.6.0": "3.5.0", "1.7.0": "3.6.0"},
         "flatcar": {"1.0.0": "3.3.0", "1.1.0": "3.4.0"}, "caisson": {"1.0.0": "3.6.0"}}

# 1. every variant and version: a file with inline contents (spec from the table)
for variant, versions in SPECS.items():
    for version, spec in versions.items():
        ok(f"v-{variant}-{version}",
           f"variant: {variant}\nversion: {version}\nstorage:\n  files:\n    - path: /etc/issue\n      mode: 0644\n"
           f"      contents:\n        inline: hello {variant} {version}\n",
           ign(spec, storage={"files": [{"path": "/etc/issue", "mode": 420,
                                          "contents": {"source": data(f"hello {variant} {version}")}}]}))

# 2. sugar
ok("local-file", "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /etc/note\n      contents:\n        local: note.txt\n",
   ign("3.3.0", storage={"files": [{"path": "/etc/note", "contents": {"source": data("from files-dir\n")}}]}))
ok("append-inline-local", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/log.conf\n      append:\n        - inline: one\n        - local: note.txt\n",
   ign("3.4.0", storage={"files": [{"path": "/etc/log.conf", "append": [{"source": data("one")}, {"source": data("from files-dir\n")}]}]}))
ok("merge-local-config", "variant: fcos\nversion: 1.2.0\nignition:\n  config:\n    merge:\n      - inline: '{\"ignition\":{\"version\":\"3.2.0\"}}'\n",
   ign("3.2.0", ignition={"version": "3.2.0", "config": {"merge": [{"source": data('{"ignition":{"version":"3.2.0"}}')}]}}))
ok("ca-inline", "variant: fcos\nversion: 1.3.0\nignition:\n  security:\n    tls:\n      certificate_authorities:\n        - inline: PEM\n",
   ign("3.2.0", ignition={"version": "3.2.0", "security": {"tls": {"certificateAuthorities": [{"source": data("PEM")}]}}}))
ok("unit-contents-local", "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: local.service\n      enabled: true\n      contents_local: local.service\n      dropins:\n        - name: 10-env.conf\n          contents_local: env.conf\n",
   ign("3.4.0", systemd={"units": [{"name": "local.service", "enabled": True,
       "contents": "[Unit]\nDescription=local unit\n[Service]\nExecStart=/bin/true\n",
       "dropins": [{"name": "10-env.conf", "contents": "[Service]\nEnvironment=FROM=local\n"}]}]}))
ok("ssh-keys-local", "variant: flatcar\nversion: 1.1.0\npasswd:\n  users:\n    - name: core\n      ssh_authorized_keys:\n        - ssh-ed25519 AAAAinline zero\n      ssh_authorized_keys_local:\n        - keys.pub\n",
   ign("3.4.0", passwd={"users": [{"name": "core", "sshAuthorizedKeys": ["ssh-ed25519 AAAAinline zero", "ssh-ed25519 AAAAkey1 one", "ssh-rsa AAAAkey2 two"]}]}))
ok("trees-default-root", "variant: fcos\nversion: 1.4.0\nstorage:\n  trees:\n    - local: sub\n      path: /opt/app\n",
   ign("3.3.0", storage={"files": [{"path": "/opt/app/deep.txt", "mode": 420, "contents": {"source": data("deep\n")}},
                                   {"path": "/opt/app/run.sh", "mode": 493, "contents": {"source": data("#!/bin/sh\necho run\n")}}]}))
ok("trees-file-mode-caisson", "variant: caisson\nversion: 1.0.0\nstorage:\n  trees:\n    - local: sub\n      path: /srv\n      file_mode: 0600\n      user:\n        name: core\n",
   ign("3.6.0", storage={"files": [{"path": "/srv/deep.txt", "mode": 384, "user": {"name": "core"}, "contents": {"source": data("deep\n")}},
                                   {"path": "/srv/run.sh", "mode": 384, "user": {"name": "core"}, "contents": {"source": data("#!/bin/sh\necho run\n")}}]}))
mount = "# Generated by Butane\n[Unit]\nRequires=systemd-fsck@dev-vdb.service\nAfter=systemd-fsck@dev-vdb.service\n\n[Mount]\nWhere=/var/srv\nWhat=/dev/vdb\nType=xfs\nOptions=noatime\n\n[Install]\nRequiredBy=local-fs.target"
ok("mount-unit", "variant: fcos\nversion: 1.5.0\nstorage:\n  filesystems:\n    - device: /dev/vdb\n      format: xfs\n      path: /var/srv\n      mount_options: [noatime]\n      with_mount_unit: true\n",
   ign("3.4.0", storage={"filesystems": [{"device": "/dev/vdb", "format": "xfs", "path": "/var/srv", "mountOptions": ["noatime"]}]},
       systemd={"units": [{"name": "var-srv.mount", "enabled": True, "contents": mount}]}))
swap = "# Generated by Butane\n[Swap]\nWhat=/dev/vdc\n\n[Install]\nRequiredBy=swap.target"
ok("swap-unit", "variant: fcos\nversion: 1.2.0\nstorage:\n  filesystems:\n    - device: /dev/vdc\n      format: swap\n      with_mount_unit: true\n",
   ign("3.2.0", storage={"filesystems": [{"device": "/dev/vdc", "format": "swap"}]}, systemd={"units": [{"name": "dev-vdc.swap", "enabled": True, "contents": swap}]}))
ok("mount-unit-user-override", "variant: fcos\nversion: 1.5.0\nstorage:\n  filesystems:\n    - device: /dev/vdc\n      format: swap\n      with_mount_unit: true\nsystemd:\n  units:\n    - name: dev-vdc.swap\n      enabled: false\n",
   ign("3.4.0", storage={"filesystems": [{"device": "/dev/vdc", "format": "swap"}]}, systemd={"units": [{"name": "dev-vdc.swap", "enabled": False, "contents": swap}]}))
raid_disks = lambda n: [{"device": d, "wipeTable": True, "partitions": [
    {"label": f"bios-{i}", "sizeMiB": 1, "typeGuid": "21686148-6449-6E6F-744E-656564454649"},
    {"label": f"esp-{i}", "sizeMiB": 127, "typeGuid": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
    {"label": f"boot-{i}", "sizeMiB": 384}, {"label": f"root-{i}"}]} for i, d in enumerate(n, 1)]
ok("boot-device-mirror-luks", "variant: fcos\nversion: 1.5.0\nboot_device:\n  layout: x86_64\n  luks:\n    tpm2: true\n    discard: true\n  mirror:\n    devices: [/dev/vda, /dev/vdb]\n",
   ign("3.4.0", storage={"disks": raid_disks(["/dev/vda", "/dev/vdb"]),
       "raid": [{"name": "md-boot", "level": "raid1", "devices": ["/dev/disk/by-partlabel/boot-1", "/dev/disk/by-partlabel/boot-2"], "options": ["--metadata=1.0"]},
                {"name": "md-root", "level": "raid1", "devices": ["/dev/disk/by-partlabel/root-1", "/dev/disk/by-partlabel/root-2"]}],
       "luks": [{"name": "root", "device": "/dev/md/md-root", "label": "luks-root", "wipeVolume": True, "discard": True, "clevis": {"tpm2": True}}],
       "filesystems": [{"device": "/dev/disk/by-partlabel/esp-1", "format": "vfat", "label": "esp-1", "wipeFilesystem": True},
                       {"device": "/dev/disk/by-partlabel/esp-2", "format": "vfat", "label": "esp-2", "wipeFilesystem": True},
                       {"device": "/dev/md/md-boot", "format": "ext4", "label": "boot", "wipeFilesystem": True},
                       {"device": "/dev/mapper/root", "format": "xfs", "label": "root", "wipeFilesystem": True}]}))
ok("boot-device-tang", "variant: fcos\nversion: 1.3.0\nboot_device:\n  luks:\n    tang:\n      - url: http://tang.example\n        thumbprint: abc\n    threshold: 1\n",
   ign("3.2.0", storage={"luks": [{"name": "root", "device": "/dev/disk/by-partlabel/root", "label": "luks-root", "wipeVolume": True,
       "clevis": {"tang": [{"url": "http://tang.example", "thumbprint": "abc"}], "threshold": 1}}],
       "filesystems": [{"device": "/dev/mapper/root", "format": "xfs", "label": "root", "wipeFilesystem": True}]}))
grub = "# Generated by Butane\n\nset superusers=\"root\"\npassword_pbkdf2 root grub.pbkdf2.sha512.10000.AA.BB\n"
ok("grub-users-fcos17", "variant: fcos\nversion: 1.7.0\ngrub:\n  users:\n    - name: root\n      password_hash: grub.pbkdf2.sha512.10000.AA.BB\n",
   ign("3.6.0", storage={"files": [{"path": "/boot/grub2/user.cfg", "append": [{"source": data(grub)}]}],
                         "filesystems": [{"device": "/dev/disk/by-label/boot", "format": "ext4", "path": "/boot"}]}))
ok("kernel-arguments", "variant: fcos\nversion: 1.4.0\nkernel_arguments:\n  should_exist: [quiet, 'console=ttyS0']\n  should_not_exist: [rhgb]\n",
   ign("3.3.0", kernelArguments={"shouldExist": ["quiet", "console=ttyS0"], "shouldNotExist": ["rhgb"]}))
ok("users-groups-all-fields", "variant: fcos\nversion: 1.2.0\npasswd:\n  users:\n    - name: svc\n      uid: 901\n      gecos: Service\n      home_dir: /var/lib/svc\n      no_create_home: true\n      primary_group: svc\n      groups: [wheel]\n      no_user_group: true\n      no_log_init: true\n      shell: /sbin/nologin\n      system: true\n      should_exist: true\n  groups:\n    - name: svc\n      gid: 901\n      system: true\n",
   ign("3.2.0", passwd={"users": [{"name": "svc", "uid": 901, "gecos": "Service", "homeDir": "/var/lib/svc", "noCreateHome": True,
       "primaryGroup": "svc", "groups": ["wheel"], "noUserGroup": True, "noLogInit": True, "shell": "/sbin/nologin", "system": True, "shouldExist": True}],
       "groups": [{"name": "svc", "gid": 901, "system": True}]}))
ok("links-dirs-owners", "variant: fcos\nversion: 1.0.0\nstorage:\n  directories:\n    - path: /var/lib/app\n      mode: 0750\n      user: {id: 1000}\n      group: {name: wheel}\n  links:\n    - path: /etc/localtime\n      target: ../usr/share/zoneinfo/UTC\n    - path: /var/lib/app/hard\n      target: /etc/hostname\n      hard: true\n",
   ign("3.0.0", storage={"directories": [{"path": "/var/lib/app", "mode": 488, "user": {"id": 1000}, "group": {"name": "wheel"}}],
       "links": [{"path": "/etc/localtime", "target": "../usr/share/zoneinfo/UTC"}, {"path": "/var/lib/app/hard", "target": "/etc/hostname", "hard": True}]}))
ok("disks-partitions", "variant: fcos\nversion: 1.2.0\nstorage:\n  disks:\n    - device: /dev/vdb\n      wipe_table: true\n      partitions:\n        - label: data\n          number: 1\n          size_mib: 512\n          start_mib: 0\n          type_guid: 0FC63DAF-8483-4772-8E79-3D69D8477DE4\n          resize: true\n",
   ign("3.2.0", storage={"disks": [{"device": "/dev/vdb", "wipeTable": True, "partitions": [{"label": "data", "number": 1, "sizeMiB": 512, "startMiB": 0,
       "typeGuid": "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "resize": True}]}]}))
ok("yaml-anchor-merge-key", "variant: fcos\nversion: 1.5.0\nx-defaults: &defaults\n  mode: 0600\n  overwrite: true\nstorage:\n  files:\n    - path: /etc/a\n      <<: *defaults\n      contents:\n        inline: a\n",
   ign("3.4.0", storage={"files": [{"path": "/etc/a", "mode": 384, "overwrite": True, "contents": {"source": data("a")}}]}))
ok("stdin-input", "variant: fcos\nversion: 1.1.0\nstorage:\n  files:\n    - path: /etc/s\n      contents:\n        inline: from stdin\n",
   ign("3.1.0", storage={"files": [{"path": "/etc/s", "contents": {"source": data("from stdin")}}]}), args="{stdin}")
ok("pretty-output-file", "variant: fcos\nversion: 1.6.0\n", ign("3.5.0"), args="-p -o {out}")
ok("unicode-and-html-chars", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/u\n      contents:\n        inline: \"<a href='x'>&é✓</a>\"\n",
   ign("3.4.0", storage={"files": [{"path": "/etc/u", "contents": {"source": data("<a href='x'>&é✓</a>")}}]}))
ok("remote-source-headers", "variant: fcos\nversion: 1.1.0\nstorage:\n  files:\n    - path: /etc/r\n      contents:\n        source: https://example.com/r\n        http_headers:\n          - name: Authorization\n            value: Bearer x\n        verification:\n          hash: sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
   ign("3.1.0", storage={"files": [{"path": "/etc/r", "contents": {"source": "https://example.com/r", "httpHeaders": [{"name": "Authorization", "value": "Bearer x"}],
       "verification": {"hash": "sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}}]}))

# 3. failures, each breaking one rule
bad("bad-unknown-variant", "variant: openwrt\nversion: 1.0.0\n", "no translator for the variant")
bad("bad-fcos-1.8", "variant: fcos\nversion: 1.8.0\n", "fcos 1.8.0 is not a stable version")
bad("bad-no-version", "variant: fcos\n", "version is required")
bad("bad-inline-and-local", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n      contents:\n        inline: a\n        local: note.txt\n", "only one of inline, local, source")
bad("bad-local-escapes", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n      contents:\n        local: ../generate.py\n", "local path outside the files dir")
bad("bad-contents-and-local", "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: a.service\n      contents: x\n      contents_local: local.service\n", "contents and contents_local")
bad("bad-ssh-keys-local-no-dir", "variant: fcos\nversion: 1.5.0\npasswd:\n  users:\n    - name: core\n      ssh_authorized_keys_local: [keys.pub]\n", "needs --files-dir", args="")
bad("bad-tree-no-files-dir", "variant: fcos\nversion: 1.4.0\nstorage:\n  trees:\n    - local: sub\n", "trees need --files-dir", args="")
bad("bad-tree-conflict", "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /deep.txt\n      contents:\n        inline: x\n  trees:\n    - local: sub\n", "tree file already has contents")
bad("bad-mount-no-path", "variant: fcos\nversion: 1.5.0\nstorage:\n  filesystems:\n    - device: /dev/vdb\n      format: ext4\n      with_mount_unit: true\n", "mount unit needs a path")
bad("bad-mount-point-caisson", "variant: caisson\nversion: 1.0.0\nstorage:\n  filesystems:\n    - device: /dev/vdb\n      format: ext4\n      path: /opt\n      with_mount_unit: true\n", "mount point not under /etc or /var")
bad("bad-flatcar-clevis", "variant: flatcar\nversion: 1.0.0\nstorage:\n  luks:\n    - name: data\n      device: /dev/vdb\n      clevis:\n        tpm2: true\n", "flatcar forbids clevis")
bad("bad-boot-device-layout", "variant: fcos\nversion: 1.4.0\nboot_device:\n  layout: riscv\n  mirror:\n    devices: [/dev/vda, /dev/vdb]\n", "unknown layout")
bad("bad-grub-no-hash", "variant: fcos\nversion: 1.6.0\ngrub:\n  users:\n    - name: root\n", "grub user needs a password hash")
bad("bad-duplicate-paths", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n  directories:\n    - path: /etc/x\n", "duplicate entry")
bad("bad-unit-extension", "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: hello.sevice\n", "invalid unit extension")
bad("bad-yaml-syntax", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n     mode: 0644\n", "YAML syntax error")
bad("bad-bool-type", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n      overwrite: maybe\n", "not a boolean")
bad("bad-strict-unknown-key", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n      contnets:\n        inline: x\n", "unknown key is a warning; --strict fails", args="--strict")
bad("bad-kargs-in-1.3", "variant: fcos\nversion: 1.3.0\nkernel_arguments:\n  should_exist: [quiet]\n", "kernel_arguments needs fcos 1.4.0; --strict", args="--strict")
bad("bad-duplicate-yaml-key", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/a\n      path: /etc/b\n", "duplicate mapping key")
bad("bad-hash-sha1", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/x\n      contents:\n        source: https://example.com/x\n        verification:\n          hash: sha1-da39a3ee5e6b4b0d3255bfef95601890afd80709\n", "unsupported hash function")

for f in os.listdir(HERE):
    if f.endswith((".bu", ".ign", ".stderr")):
        os.remove(os.path.join(HERE, f))
with open(os.path.join(HERE, "MANIFEST.tsv"), "w") as m:
    m.write("# name\targs\trc\n")
    for name, args, bu, exp, rc, why in cases:
        with open(os.path.join(HERE, name + ".bu"), "w") as f:
            f.write(bu)
        if exp is not None:
            with open(os.path.join(HERE, name + ".ign"), "w") as f:
                f.write(json.dumps(exp, separators=(",", ":"), ensure_ascii=False) + "\n")
        else:
            with open(os.path.join(HERE, name + ".stderr"), "w") as f:
                f.write("expected failure: " + why + "\n")
        m.write(f"{name}\t{args}\t{rc}\n")
print(len(cases), "cases")
