#!/usr/bin/env bash
# Boots a composed commit the quick way (FORMATS.md Part 4 §3 and §4): our deploy code makes a
# sysroot, mke2fs -d writes it into a GPT disk (no mounts), QEMU boots the kernel and initramfs
# from the commit directly with a first-boot config over fw_cfg. Prints the console and the
# seconds from QEMU's start to CAISSON-READY.
#   os/test/boot.sh REPO [REF] [CONFIG.bu|CONFIG.ign] [WORKDIR]
# Environment: AFTER=SECONDS to keep the machine running after the marker (20), EXTRA_KARGS=...,
# NO_FW_CFG=1 to pass no config over fw_cfg (e.g. with EXTRA_KARGS=ignition.config.url=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$1
REF=${2:-caisson/stable/x86_64}
CONFIG=${3:-os/test/firstboot.bu}
W=${4:-$(mktemp -d /tmp/caisson-boot.XXXXXX)}
C=${CAISSON:-bin/caisson}
S=$W/sysroot
rm -rf "$S" "$W/disk.img"
mkdir -p "$S"
t0=$(date +%s.%N)
$C admin init-fs "$S" >/dev/null
$C admin os-init --sysroot "$S" caisson >/dev/null
$C repo pull-local --repo "$S/ostree/repo" "$REPO" "$REF" >/dev/null
$C admin deploy --sysroot "$S" --os caisson --karg root=LABEL=caisson-root --karg rw \
  --karg console=ttyS0,115200 "$REF" >/dev/null
: > "$S/boot/caisson.firstboot"
BLS=$(ls "$S"/boot/loader/entries/*.conf | head -1)
OPTIONS=$(sed -n 's/^options //p' "$BLS")
KERNEL=$S/boot$(sed -n 's/^linux //p' "$BLS")
INITRD=$S/boot$(sed -n 's/^initrd //p' "$BLS")
SIZE_MB=3072
truncate -s ${SIZE_MB}M "$W/disk.img"
sgdisk -o -n1:2048:0 -t1:8304 -c1:caisson-root "$W/disk.img" >/dev/null
sgdisk -p "$W/disk.img" | grep -q caisson-root
END=$(sgdisk -i1 "$W/disk.img" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
mke2fs -q -F -t ext4 -L caisson-root -d "$S" -E offset=$((2048 * 512)) "$W/disk.img" $(((END - 2048 + 1) / 2))k
t1=$(date +%s.%N)
echo "disk: $(awk "BEGIN{print $t1 - $t0}") s, $(du -sm "$S" | cut -f1) MiB sysroot" >&2
case "$CONFIG" in
  *.bu) $C transpile "$CONFIG" > "$W/config.ign" ;;
  *) cp "$CONFIG" "$W/config.ign" ;;
esac
FW_CFG=(-fw_cfg "name=opt/com.coreos/config,file=$W/config.ign")
if [ -n "${NO_FW_CFG:-}" ]; then FW_CFG=(); fi
start=$(date +%s.%N)
timeout 400 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 2048 -smp 2 -nographic -no-reboot \
  -kernel "$KERNEL" -initrd "$INITRD" \
  -append "$OPTIONS systemd.mask=serial-getty@ttyS0.service rcupdate.rcu_cpu_stall_suppress=1 ${EXTRA_KARGS:-}" \
  -drive file="$W/disk.img",format=raw,if=virtio,cache=unsafe \
  -nic user,model=virtio-net-pci \
  "${FW_CFG[@]}" </dev/null > "$W/console.log" 2>&1 &
QEMU=$!
ready=""
while kill -0 $QEMU 2>/dev/null; do
  if grep -q 'CAISSON-READY\|CAISSON-PROVISION-FAILED\|CAISSON-BOOT-FAILED\|Kernel panic' "$W/console.log"; then
    ready=$(awk "BEGIN{print $(date +%s.%N) - $start}")
    sleep ${AFTER:-20}
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ] && grep -q 'CAISSON-' "$W/console.log"; then ready="(QEMU exited; marker seen)"; fi
kill $QEMU 2>/dev/null || true
wait $QEMU 2>/dev/null || true
grep -a -E 'caisson-initramfs|CAISSON-|BOOT-TEST|provision|Failed|FAILED' "$W/console.log" | head -40
echo "workdir $W; marker after ${ready:-never} s"
