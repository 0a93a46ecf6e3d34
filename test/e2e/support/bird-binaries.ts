/**
 * Where the BIRD binaries are: `bird2` (Debian's bird2, on PATH) runs the routers; `bird1` is
 * Debian's bird 1.6.8, the line Calico forks, unpacked privately by .ci/install-daemons.sh into
 * $CALICO_BGP_AUTH_BIRD1_PREFIX (default /opt/calico-bgp-auth/bird1): calico-node's side. No other
 * import, so the availability check can use it anywhere.
 */
import * as path from 'node:path';

export type BirdFlavor = 'bird1' | 'bird2';

/** Where BIRD 1.6 is unpacked (see .ci/install-daemons.sh). */
export const BIRD1_PREFIX = process.env.CALICO_BGP_AUTH_BIRD1_PREFIX || '/opt/calico-bgp-auth/bird1';

/** The daemon and client binaries of a BIRD line; BIRD 1.x runs IPv6 as a separate `bird6`. */
export function birdBinaries(flavor: BirdFlavor, ipVersion: 4 | 6 = 4): { bird: string; birdc: string } {
  if (flavor === 'bird2') return { bird: 'bird', birdc: 'birdc' };
  const sbin = path.join(BIRD1_PREFIX, 'usr/sbin');
  return ipVersion === 4
    ? { bird: path.join(sbin, 'bird'), birdc: path.join(sbin, 'birdc') }
    : { bird: path.join(sbin, 'bird6'), birdc: path.join(sbin, 'birdc6') };
}

/** Every BIRD 1.6 binary calico-node's side runs. */
export const BIRD1_BINARIES: readonly string[] = [...Object.values(birdBinaries('bird1', 4)), ...Object.values(birdBinaries('bird1', 6))];
