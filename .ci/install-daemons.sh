#!/usr/bin/env bash
# Installs the BGP daemons the end-to-end tests (test/e2e) drive: BIRD 2, FRR, GoBGP, iproute2, and
# BIRD 1.6 (the BIRD line calico-node runs: Calico ships a fork of BIRD 1.6).
# Idempotent: a second run finds everything installed and changes nothing.
#
# BIRD 1.6 is Debian's `bird` package, which conflicts with `bird2`: it is never installed with dpkg.
# Its .deb is downloaded (`apt-get download`) and unpacked (`dpkg -x`) into a prefix of this
# project's own, $BIRD1_PREFIX (default /opt/calico-bgp-auth/bird1). The tests find
# $BIRD1_PREFIX/usr/sbin/{bird,birdc} there, or wherever CALICO_BGP_AUTH_BIRD1_PREFIX points.
#
# The tests start their own daemons inside private network namespaces; the packaged services are
# not used. Where this script installs a package on a host that runs it as a service, that service
# is stopped and disabled again (services that were already installed are left alone).
set -euo pipefail

PKGS=(bird2 frr gobgpd iproute2)

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-daemons: need root or sudo" >&2; exit 1; }
  SUDO=(sudo)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "${PKGS[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]} == 0)); then
  echo "install-daemons: ${PKGS[*]} already installed"
else
  echo "install-daemons: installing ${missing[*]}"
  # A mirror hiccup should not fail CI: three tries, a short pause between them.
  for try in 1 2 3; do
    if "${SUDO[@]}" apt-get update && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
      break
    fi
    [[ $try -eq 3 ]] && { echo "install-daemons: apt-get failed three times" >&2; exit 1; }
    sleep 10
  done

  # Only services of packages installed just now: bird2 -> bird, frr -> frr, gobgpd -> gobgpd.
  services=()
  for p in "${missing[@]}"; do
    case "$p" in
      bird2) services+=(bird) ;;
      frr) services+=(frr) ;;
      gobgpd) services+=(gobgpd) ;;
    esac
  done
  for s in "${services[@]}"; do
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
      "${SUDO[@]}" systemctl disable --now "$s.service" >/dev/null 2>&1 || true
    elif [[ -x /etc/init.d/$s ]] && "/etc/init.d/$s" status >/dev/null 2>&1; then
      # No systemd (containers): Debian's policy-rc.d usually blocks the start, but stop it if not.
      "${SUDO[@]}" "/etc/init.d/$s" stop >/dev/null 2>&1 || true
    fi
  done
fi

# ---------------------------------------------------------------- BIRD 1.6 (private prefix)
BIRD1_PREFIX=${CALICO_BGP_AUTH_BIRD1_PREFIX:-/opt/calico-bgp-auth/bird1}
BIRD1_VERSION=1.6.8
bird1_ok() { [[ -x $BIRD1_PREFIX/usr/sbin/bird && -x $BIRD1_PREFIX/usr/sbin/birdc ]] && "$BIRD1_PREFIX/usr/sbin/bird" --version 2>&1 | grep -q "BIRD version $BIRD1_VERSION"; }
if bird1_ok; then
  echo "install-daemons: BIRD $BIRD1_VERSION already unpacked in $BIRD1_PREFIX"
else
  echo "install-daemons: unpacking Debian's bird ($BIRD1_VERSION) into $BIRD1_PREFIX"
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt's _apt user downloads into it
  trap 'rm -rf "$tmp"' EXIT
  for try in 1 2 3; do
    if (cd "$tmp" && apt-get download "bird=$BIRD1_VERSION*" >/dev/null 2>&1 || apt-get download bird >/dev/null 2>&1); then break; fi
    [[ $try -eq 3 ]] && { echo "install-daemons: apt-get download bird failed three times" >&2; exit 1; }
    "${SUDO[@]}" apt-get update >/dev/null || true
    sleep 5
  done
  deb=$(ls "$tmp"/bird_*.deb)
  "${SUDO[@]}" rm -rf "$BIRD1_PREFIX"
  "${SUDO[@]}" mkdir -p "$BIRD1_PREFIX"
  "${SUDO[@]}" dpkg -x "$deb" "$BIRD1_PREFIX"
  bird1_ok || { echo "install-daemons: $BIRD1_PREFIX/usr/sbin/bird is not BIRD $BIRD1_VERSION: $("$BIRD1_PREFIX/usr/sbin/bird" --version 2>&1)" >&2; exit 1; }
fi
# The shared libraries it needs (libc, readline, tinfo) come with every Debian system; say so if not.
if ldd "$BIRD1_PREFIX/usr/sbin/bird" "$BIRD1_PREFIX/usr/sbin/birdc" | grep -q 'not found'; then
  echo "install-daemons: BIRD 1.6 lacks shared libraries:" >&2
  ldd "$BIRD1_PREFIX/usr/sbin/bird" "$BIRD1_PREFIX/usr/sbin/birdc" | grep 'not found' >&2
  exit 1
fi

for bin in bird birdc /usr/lib/frr/bgpd vtysh gobgpd gobgp ip "$BIRD1_PREFIX/usr/sbin/bird" "$BIRD1_PREFIX/usr/sbin/birdc"; do
  command -v "$bin" >/dev/null || [[ -x $bin ]] || { echo "install-daemons: $bin missing after install" >&2; exit 1; }
done
echo "install-daemons: $(bird --version 2>&1 | head -1) (router); $("$BIRD1_PREFIX/usr/sbin/bird" --version 2>&1 | head -1) (calico-node, $BIRD1_PREFIX); $(/usr/lib/frr/bgpd --version | head -1); $(gobgpd --version)"
