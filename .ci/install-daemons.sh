#!/usr/bin/env bash
# Installs the BGP daemons the end-to-end tests (test/e2e) drive: BIRD 2, FRR, GoBGP, iproute2.
# Idempotent: a second run finds everything installed and changes nothing.
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

for bin in bird birdc /usr/lib/frr/bgpd vtysh gobgpd gobgp ip; do
  command -v "$bin" >/dev/null || [[ -x $bin ]] || { echo "install-daemons: $bin missing after install" >&2; exit 1; }
done
echo "install-daemons: $(bird --version 2>&1 | head -1); $(/usr/lib/frr/bgpd --version | head -1); $(gobgpd --version)"
