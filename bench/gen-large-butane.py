#!/usr/bin/env python3
"""Writes the large Butane config the transpile benchmark uses: 2,000 files, 200 directories and
100 units (about 13,000 lines), deterministic, to stdout. Usage: gen-large-butane.py [VARIANT VERSION]"""
import sys

variant, version = (sys.argv[1], sys.argv[2]) if len(sys.argv) > 2 else ("fcos", "1.5.0")
out = [f"variant: {variant}", f"version: {version}", "storage:", "  directories:"]
for d in range(200):
    out += [f"    - path: /var/lib/bench/dir{d:03}", "      mode: 0750", "      user:", "        name: core"]
out.append("  files:")
for f in range(2000):
    d = f % 200
    out += [
        f"    - path: /var/lib/bench/dir{d:03}/file{f:04}.conf",
        "      mode: 0644",
        "      contents:",
        "        inline: |",
        f"          key{f} = value{f * 7919 % 100003}",
    ]
out += ["systemd:", "  units:"]
for u in range(100):
    out += [
        f"    - name: bench{u:03}.service",
        "      enabled: true",
        "      contents: |",
        "        [Unit]",
        f"        Description=Benchmark unit {u}",
        "        After=network-online.target",
        "        Wants=network-online.target",
        "",
        "        [Service]",
        "        Type=oneshot",
        f"        ExecStart=/usr/bin/echo bench {u}",
        "        RemainAfterExit=yes",
        "",
        "        [Install]",
        "        WantedBy=multi-user.target",
        "      dropins:",
        "        - name: 10-env.conf",
        "          contents: |",
        "            [Service]",
        f"            Environment=BENCH={u}",
    ]
print("\n".join(out))
