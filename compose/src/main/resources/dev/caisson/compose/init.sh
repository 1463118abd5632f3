#!/bin/busybox sh
# Caisson's initramfs /init (written by caisson compose; see docs/compose.md).
# 1. load the modules in /etc/caisson-modules; 2. mount the root fs named by root= and the OSTree
# deployment named by ostree= (/usr read-only, /var from the stateroot, /sysroot, /boot);
# 3. on first boot (the stamp /boot/caisson.firstboot on the root fs) run `caisson provision`
# from the deployment itself, and stop the boot if it fails; 4. switch_root to systemd.
/bin/busybox mkdir -p /proc /sys /dev /run /tmp /sysroot /newroot /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc -o nosuid,noexec,nodev proc /proc
mount -t sysfs -o nosuid,noexec,nodev sysfs /sys
mount -t devtmpfs -o mode=0755,nosuid devtmpfs /dev
exec </dev/console >/dev/console 2>&1

log() { echo "caisson-initramfs: $*"; }

# Stops the boot for good: the message, then power off (never a half-provisioned machine).
stop_boot() {
  echo "$1"
  if [ -n "$DEBUG_SHELL" ]; then sh; fi
  sync
  poweroff -f
  while :; do sleep 3600; done
}

ROOT=""
ROOTFSTYPE=ext4
OSTREE=""
CONFIG_URL=""
DEBUG_SHELL=""
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    root=*) ROOT=${arg#root=} ;;
    rootfstype=*) ROOTFSTYPE=${arg#rootfstype=} ;;
    ostree=*) OSTREE=${arg#ostree=} ;;
    ignition.config.url=*) CONFIG_URL=${arg#ignition.config.url=} ;;
    caisson.debug-shell) DEBUG_SHELL=1 ;;
  esac
done

while read -r m; do
  insmod "/lib/modules/$m" 2>/dev/null || log "insmod $m failed (built in or already loaded?)"
done < /etc/caisson-modules

[ -n "$OSTREE" ] || stop_boot "CAISSON-BOOT-FAILED: no ostree= on the kernel command line"
[ -n "$ROOT" ] || stop_boot "CAISSON-BOOT-FAILED: no root= on the kernel command line"

# the root device: LABEL=, UUID= or a path; virtio disks appear a moment after their driver loads
DEV=""
tries=0
while [ -z "$DEV" ]; do
  case "$ROOT" in
    LABEL=*|UUID=*) DEV=$(findfs "$ROOT" 2>/dev/null) ;;
    *) [ -b "$ROOT" ] && DEV=$ROOT ;;
  esac
  if [ -z "$DEV" ]; then
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || stop_boot "CAISSON-BOOT-FAILED: root device $ROOT not found after 30 s"
    sleep 0.1
  fi
done
mount -t "$ROOTFSTYPE" -o rw "$DEV" /sysroot || stop_boot "CAISSON-BOOT-FAILED: cannot mount $DEV on /sysroot"

DEPLOY=$(readlink -f "/sysroot$OSTREE")
case "$DEPLOY" in
  /sysroot/ostree/deploy/*/deploy/*) ;;
  *) stop_boot "CAISSON-BOOT-FAILED: ostree=$OSTREE does not lead to a deployment (got '$DEPLOY')" ;;
esac
[ -d "$DEPLOY/usr" ] || stop_boot "CAISSON-BOOT-FAILED: $DEPLOY is not a deployment"
STATEROOT=${DEPLOY%/deploy/*}
log "deployment ${DEPLOY#/sysroot}"

mount --bind "$DEPLOY" /newroot
mount --bind "$STATEROOT/var" /newroot/var
mount --bind /newroot/usr /newroot/usr
mount -o remount,bind,ro /newroot/usr
mount --bind /sysroot /newroot/sysroot
# as ostree-prepare-root: /boot is the root fs's /boot when the boot config lives there (P7)
if [ -L /sysroot/boot/loader ]; then mount --bind /sysroot/boot /newroot/boot; fi
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newroot/run
: > /newroot/run/ostree-booted

# --- first boot -------------------------------------------------------------------------------
STAMP=/sysroot/boot/caisson.firstboot
# a config the image carries (caisson image build --config), else fw_cfg, else ignition.config.url=
CONFIG_FILE=/sysroot/boot/caisson.ign
FW_CFG=/sys/firmware/qemu_fw_cfg/by_name/opt/com.coreos/config/raw

network_up() {
  for d in /sys/class/net/*; do
    n=${d##*/}
    [ "$n" = lo ] && continue
    ip link set "$n" up
    if udhcpc -i "$n" -n -q -t 10 -T 2 -s /etc/udhcpc.script >/dev/null 2>&1; then
      NET_IF=$n
      return 0
    fi
    ip link set "$n" down
  done
  return 1
}

network_down() {
  [ -n "$NET_IF" ] || return 0
  ip addr flush dev "$NET_IF"
  ip link set "$NET_IF" down
}

# the chroot's resolv.conf for the provisioning run (resolved's stub, or a temporary file)
dns_in() {
  [ -s /run/resolv.conf ] || return 0
  target=$(chroot /newroot readlink -f /etc/resolv.conf)
  case "$target" in /run/*) ;; *) [ -e /newroot/etc/resolv.conf ] && return 0; TEMP_RESOLV=1 ;; esac
  mkdir -p "/newroot${target%/*}"
  cp /run/resolv.conf "/newroot$target"
}

dns_out() {
  if [ -n "$TEMP_RESOLV" ]; then rm -f /newroot/etc/resolv.conf; fi
}

provision() {
  log "first boot: provisioning"
  mount -t proc proc /newroot/proc
  mount -o rbind /sys /newroot/sys
  mount --bind /dev /newroot/dev
  # /var starts empty on a new stateroot: create what tmpfiles.d lists, as the first boot would
  chroot /newroot systemd-tmpfiles --create --prefix=/var >/run/caisson-tmpfiles.log 2>&1 \
    || log "systemd-tmpfiles reported problems (see above); going on"
  case "$CONFIG_URL" in
    http://*|https://*)
      network_up || stop_boot "CAISSON-PROVISION-FAILED: no network to fetch $CONFIG_URL"
      dns_in ;;
  esac
  if [ -e "$CONFIG_FILE" ]; then
    CAISSON_NO_CDS_DUMP=1 chroot /newroot /usr/bin/caisson provision --root / --platform file --config "${CONFIG_FILE#/sysroot}" \
      >/run/caisson-provision.log 2>&1
  else
    CAISSON_NO_CDS_DUMP=1 chroot /newroot /usr/bin/caisson provision --root / >/run/caisson-provision.log 2>&1
  fi
  rc=$?
  dns_out
  network_down
  umount /newroot/dev
  umount -l /newroot/sys
  umount /newroot/proc
  if [ "$rc" -ne 0 ]; then
    tail -n 20 /run/caisson-provision.log
    stop_boot "CAISSON-PROVISION-FAILED: $(grep -v '^[[:space:]]*$' /run/caisson-provision.log | tail -n 1)"
  fi
  tail -n 3 /run/caisson-provision.log
  rm -f "$STAMP" "$CONFIG_FILE"
  sync
  log "provisioned"
}

if [ -e "$STAMP" ]; then
  if [ -e "$CONFIG_FILE" ] || [ -e "$FW_CFG" ] || [ -n "$CONFIG_URL" ]; then
    provision
  else
    log "first boot without a config (no $CONFIG_FILE, fw_cfg or ignition.config.url=): nothing to provision"
    rm -f "$STAMP"
    sync
  fi
fi

mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
exec switch_root /newroot /sbin/init
