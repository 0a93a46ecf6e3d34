import { Problem, problem } from '../errors';
import { CalicoInstall } from './install';
import { KubeObject, findNameCollisions } from './manifests';
import { SecretKeyRef } from './types';

// Rules about how the units (SecuredBgpPeer, BgpPasswordSecret, MeshPassword) are put together, as
// opposed to the Calico fields they carry (rules.ts). The cdk8s and Pulumi skins translate their
// props and objects into these plain inputs, so both engines report the same rule ids and
// sentences; each engine only prefixes the unit's path or name.

/** The props a peer sets for its own Secret; a shared secret makes each of them meaningless. */
export type PeerOwnSecretProp = 'password' | 'secretName' | 'secretKey';

/**
 * Problems of a peer given a `sharedSecret` that also sets its own password props: the shared
 * secret holds the password, its name and its key, so they would be ignored. One problem per prop
 * set, under that prop (rule `compose.shared-secret-exclusive`).
 *
 * @param set each own prop the peer sets (any value other than `undefined` counts as set)
 */
export function checkSharedSecretExclusive(set: Partial<Record<PeerOwnSecretProp, unknown>>): Problem[] {
  return (['password', 'secretName', 'secretKey'] as const).filter((prop) => set[prop] !== undefined).map((prop) =>
    problem(prop, 'compose.shared-secret-exclusive',
      `Only one of '${prop}' and 'sharedSecret' may be set: the shared secret holds the password.`));
}

/**
 * The problem of a peer added to a shared secret (`addPeer`) under a name already added to it: each
 * BGPPeer is a cluster-wide object with its own name, and with `keyPerPeer` its own key (rule
 * `compose.shared-peer-duplicate`).
 *
 * @param name the BGPPeer name given
 * @param taken whether a peer of that name was already added to the same shared secret
 */
export function checkSharedPeerName(name: string, taken: boolean): Problem[] {
  return taken ? [problem('name', 'compose.shared-peer-duplicate', `A BGPPeer named '${name}' was already added to this shared secret; every BGPPeer needs its own name.`)] : [];
}

/** Inputs of {@link checkSharedSecretInstall}. */
export interface SharedSecretInstallInputs {
  /** The install the peer was given, resolved. @default none: the peer takes the shared secret's install */
  readonly install?: CalicoInstall;
  /** The shared Secret's name. */
  readonly secretName: string;
  /** The install the shared secret was given, resolved. */
  readonly secretInstall: CalicoInstall;
}

/**
 * The problem of a peer whose `install` is not its shared Secret's: calico-node reads Secrets only
 * in its own namespace (`NAMESPACE`, confd's `pkg/backends/calico/secret_watcher.go`), and the
 * shared secret's RoleBinding grants the Secret to one ServiceAccount. A peer whose calico-node
 * runs in another namespace, or as another ServiceAccount, would find no password, or no right to
 * read it, and peer without one (rule `compose.shared-secret-install`). The whole install is
 * compared: namespace and ServiceAccount.
 */
export function checkSharedSecretInstall(inputs: SharedSecretInstallInputs): Problem[] {
  const { install, secretName, secretInstall } = inputs;
  if (install === undefined) return [];
  if (install.namespace !== secretInstall.namespace) {
    return [problem('install', 'compose.shared-secret-install', `'install' says calico-node runs in namespace '${install.namespace}', `
      + `but the peer's shared Secret '${secretName}' lives in '${secretInstall.namespace}'; calico-node reads Secrets only in its own namespace. `
      + 'Use the same install for both.')];
  }
  if (install.serviceAccount !== secretInstall.serviceAccount) {
    return [problem('install', 'compose.shared-secret-install', `'install' says calico-node runs as ServiceAccount '${install.serviceAccount}', `
      + `but the peer's shared Secret '${secretName}' is granted to '${secretInstall.serviceAccount}' by its RoleBinding; calico-node could not read it `
      + 'and would peer without a password. Use the same install for both.')];
  }
  return [];
}

/** Inputs of {@link checkSharedSecretTarget}. */
export interface SharedSecretTargetInputs {
  /** The shared Secret's name. */
  readonly secretName: string;
  /**
   * Where the peer goes, as the engine names it (e.g. `provider 'cluster-b'`), when that is not
   * where its shared secret goes.
   * @default the shared secret's target: no problem
   */
  readonly peerTarget?: string;
  /** Where the shared secret goes, as the engine names it (e.g. `provider 'cluster-a'`). */
  readonly secretTarget: string;
  /** The prop joining the peer to the secret. @default "sharedSecret" */
  readonly field?: string;
}

/**
 * The problem of a peer whose BGPPeer goes elsewhere than its shared Secret and RBAC (another
 * Pulumi Kubernetes provider, another cdk8s App): they would land in different clusters, and
 * calico-node, finding no Secret, peers without a password (rule `compose.shared-secret-target`).
 */
export function checkSharedSecretTarget(inputs: SharedSecretTargetInputs): Problem[] {
  if (inputs.peerTarget === undefined) return [];
  return [problem(inputs.field ?? 'sharedSecret', 'compose.shared-secret-target', `The peer goes to ${inputs.peerTarget}, but its shared Secret `
    + `'${inputs.secretName}' and the Secret's RBAC go to ${inputs.secretTarget}: they would land in different clusters, and calico-node would peer `
    + 'without a password. Declare the peer where its shared secret is.')];
}

/** Inputs of {@link checkKeyPerPeer}. */
export interface KeyPerPeerInputs {
  /** Whether the shared secret gives every peer its own key. @default false */
  readonly keyPerPeer?: boolean;
  /** Whether the password source can give every key its own value (a generated password). */
  readonly distinctPerKey: boolean;
  /** The `key` prop as given. @default not set */
  readonly key?: string;
}

/**
 * Problems of a shared secret with `keyPerPeer`: its source must produce a value per key (rule
 * `compose.key-per-peer-source`), and `key` cannot be set, since the keys are the peers' names
 * (rule `compose.key-per-peer-key`). None without `keyPerPeer`.
 */
export function checkKeyPerPeer(inputs: KeyPerPeerInputs): Problem[] {
  if (!inputs.keyPerPeer) return [];
  const problems: Problem[] = [];
  if (!inputs.distinctPerKey) {
    problems.push(problem('keyPerPeer', 'compose.key-per-peer-source', '\'keyPerPeer\' needs a generated password (BgpPassword.generate()): '
      + 'every key gets its own value, which a fixed value or an existing Secret cannot provide. Share one key instead, or generate.'));
  }
  if (inputs.key !== undefined) {
    problems.push(problem('key', 'compose.key-per-peer-key',
      'Only one of \'key\' and \'keyPerPeer\' may be set: with \'keyPerPeer\' the keys are named after the peers.'));
  }
  return problems;
}

/** Inputs of {@link checkSourceNamesSecret}. */
export interface SourceNamesSecretInputs {
  /** The Secret the password source names itself (an existing Secret). @default none: the unit names the Secret */
  readonly sourceRef?: SecretKeyRef;
  /** The Secret name prop as given. @default not set */
  readonly name?: string;
  /** The Secret key prop as given. @default not set */
  readonly key?: string;
  /** The name prop, as the unit calls it. @default "secretName" */
  readonly nameField?: string;
  /** The key prop, as the unit calls it. @default "secretKey" */
  readonly keyField?: string;
}

/**
 * The problem of a unit whose Secret name or key props disagree with the Secret its password source
 * names (`BgpPassword.fromExistingSecret`): the source wins, so the props would be silently
 * ignored (rule `compose.source-names-secret`, under the name prop). Props equal to the source's
 * name and key are accepted.
 */
export function checkSourceNamesSecret(inputs: SourceNamesSecretInputs): Problem[] {
  const ref = inputs.sourceRef;
  if (!ref) return [];
  const differs =
    (inputs.name !== undefined && inputs.name !== ref.name) || (inputs.key !== undefined && inputs.key !== ref.key);
  if (!differs) return [];
  const nameField = inputs.nameField ?? 'secretName';
  const keyField = inputs.keyField ?? 'secretKey';
  return [problem(nameField, 'compose.source-names-secret', `The password source names the Secret itself (BgpPassword.fromExistingSecret: '${ref.name}', `
    + `key '${ref.key}'); leave '${nameField}' and '${keyField}' unset.`)];
}

/** Inputs of {@link checkSingleMeshPassword}. */
export interface SingleMeshPasswordInputs {
  /**
   * The MeshPassword declared first in the app or program, as the engine names it, e.g. `MeshPassword 'mesh'`.
   * @default none: this is the first
   */
  readonly first?: string;
}

/**
 * The problem of a second MeshPassword: each writes the BGPConfiguration `default`, which holds the
 * cluster's one `nodeMeshPassword`, so one would overwrite the other (rule
 * `compose.single-mesh-password`).
 */
export function checkSingleMeshPassword(inputs: SingleMeshPasswordInputs): Problem[] {
  if (inputs.first === undefined) return [];
  return [problem('MeshPassword', 'compose.single-mesh-password', `Only one MeshPassword may be declared: ${inputs.first} already writes `
    + 'the BGPConfiguration \'default\', which holds the one node-to-node mesh password of the cluster. Remove one of them.')];
}

/** An object with the unit that emits it, as the engine names it (a construct path, a component). */
export interface EmittedObject {
  /** The object (only its apiVersion, kind and metadata are read). */
  readonly object: KubeObject;
  /** Who emits it, e.g. `test/tor-1/Role` or `SecuredBgpPeer 'tor-1'`. */
  readonly emitter: string;
}

/**
 * Problems of objects written more than once with the same API group, kind, namespace and name
 * (the core's `findNameCollisions`): applying them would let one overwrite the other. One problem
 * per colliding object, naming its emitters in order (rule `compose.name-collision`).
 */
export function checkNameCollisions(emitted: readonly EmittedObject[]): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const dup of findNameCollisions(emitted.map((e) => e.object))) {
    const id = `${dup.kind}|${dup.namespace ?? ''}|${dup.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const emitters = [
      ...new Set(
        emitted
          .filter(
            ({ object: o }) =>
              o.kind === dup.kind && o.metadata.name === dup.name && o.metadata.namespace === dup.namespace,
          )
          .map((e) => e.emitter),
      ),
    ];
    const where = dup.namespace ? `'${dup.namespace}/${dup.name}'` : `'${dup.name}'`;
    problems.push(problem('name', 'compose.name-collision', `${dup.kind} ${where} is emitted more than once (by ${emitters.join(', ')}); `
      + 'applying them would let one overwrite the other. Give them distinct names (\'name\', \'secretName\'), or let the peers share one Secret '
      + 'through a BgpPasswordSecret (with BgpPassword.fromExistingSecret() for a Secret that already exists).'));
  }
  return problems;
}
