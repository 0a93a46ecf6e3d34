import { IConstruct } from 'constructs';
import { SEED_ENV, SEED_FILE_ENV } from '../password';

/** The warning printed once per app when a password is generated without a seed. */
export const UNSEEDED_PASSWORD_WARNING = 'calico-bgp-auth: BGP passwords are generated without a seed, so every synth writes new ones, '
  + 'and applying the output resets every BGP session that uses them (TCP-MD5 has no key rollover). '
  + `Set ${SEED_ENV} (or ${SEED_FILE_ENV}) to a secret of at least 256 bits, e.g. 'openssl rand -hex 32', `
  + 'or pass a seed to BgpPassword.generate(), to make the output stable.';

const WARNED_APPS = new WeakSet<IConstruct>();

/**
 * Prints {@link UNSEEDED_PASSWORD_WARNING} once per app (keyed on the construct tree's root), on
 * stderr: cdk8s has no annotation mechanism, and `cdk8s synth` shows the app's stderr.
 *
 * @internal
 */
export function warnUnseeded(scope: IConstruct): void {
  const root = scope.node.root;
  if (WARNED_APPS.has(root)) return;
  WARNED_APPS.add(root);
  console.warn(UNSEEDED_PASSWORD_WARNING);
}
