import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { emitObject } from './emit';
import { checkPasswordSource, passwordOutputs } from './password-value';
import { claimObjects } from './stack-objects';
import {
  CalicoInstall, CalicoInstallInput, DEFAULT_PASSWORD_KEY, KubeObject, buildPasswordSecret, checkName, checkSecretKey, deriveName,
  planSharedSecretAccess, resolveInstall,
} from '../calico';
import { Problem, ValidationError, problem, throwIfProblems } from '../errors';

/** Arguments of a {@link BgpPasswordSecret}. */
export interface BgpPasswordSecretArgs {
  /** The Secret's name. @default "bgp-password-" followed by the component's name */
  readonly name?: string;
  /**
   * How Calico was installed, which decides the namespace of the Secret, Role and RoleBinding:
   * `operator` (`calico-system`), `manifest` (`kube-system`) or `{ namespace, serviceAccount }`.
   * Peers that share this secret use the same install.
   *
   * @default "operator"
   */
  readonly install?: CalicoInstallInput;
  /**
   * The one password every peer uses, under the key `password` (or the existing Secret's key).
   * With `keyPerPeer`, only a generated password may be given: it sets the policy and rotation
   * of every key.
   *
   * @default BgpPassword.generate()
   */
  readonly password?: BgpPassword;
  /**
   * Give every peer its own key and its own generated password instead of one password for all.
   * The keys are listed in `keys`, because Pulumi registers the Secret before any peer exists.
   *
   * @default false
   */
  readonly keyPerPeer?: boolean;
  /** With `keyPerPeer`: the Secret's keys, one per peer; a peer picks its key with `secretKey`. @default none */
  readonly keys?: readonly string[];
}

/** What a peer needs to know about a shared secret. @internal */
export interface SharedSecretRef {
  readonly owner: string;
  readonly install: CalicoInstall;
  readonly name: string;
  readonly keys: readonly string[];
  readonly keyPerPeer: boolean;
}

interface Resolved { readonly ref: SharedSecretRef; readonly password: BgpPassword; readonly role: KubeObject; readonly roleBinding: KubeObject }

/**
 * One Secret that several BGP peers share (one key for all, or one key each), with one Role that
 * lets calico-node read exactly that Secret and one RoleBinding. K peers sharing it emit K BGPPeers
 * plus these 3 objects, not 4K. Pass it to each {@link SecuredBgpPeer} as `sharedSecret`.
 *
 * ```ts
 * const rack1 = new BgpPasswordSecret('rack1-tor', { password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }) });
 * new SecuredBgpPeer('rack1-tor-a', { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101, sharedSecret: rack1 });
 * export const rack1Password = rack1.password; // secret: configure the top-of-rack switches with it
 * ```
 */
export class BgpPasswordSecret extends pulumi.ComponentResource {
  /** The Secret's name in calico-node's namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** The Secret's keys. */
  public readonly secretKeys: pulumi.Output<string[]>;
  /** The one password every peer uses (secret); undefined with `keyPerPeer` or an existing Secret. */
  public readonly password: pulumi.Output<string> | undefined;
  /** The Secret, unless the password is an existing Secret. */
  public readonly secret: k8s.core.v1.Secret | undefined;
  /** The Role letting calico-node get, list and watch exactly this Secret. */
  public readonly role: k8s.rbac.v1.Role;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding;
  /** @internal */
  public readonly ref: SharedSecretRef;
  private readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: BgpPasswordSecretArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSharedSecret(name, args);
    super('calico-bgp-auth:index:BgpPasswordSecret', name, {}, opts);
    const { ref, password } = resolved;
    const source = password.source;
    this.ref = ref;
    this.passwords = source.kind === 'existing' ? {} : passwordOutputs(source, { parent: this, name, keys: ref.keys, errorContext: ref.owner });
    this.password = ref.keyPerPeer ? undefined : this.passwords[ref.keys[0]];
    const parent = { parent: this };
    if (source.kind !== 'existing') {
      const obj = buildPasswordSecret({ name: ref.name, install: ref.install, stringData: this.passwords });
      // Secret as a whole, so the engine stores and shows it encrypted whatever the provider marks.
      this.secret = emitObject(`${name}-secret`, { ...obj, stringData: pulumi.secret(obj.stringData) }, parent) as k8s.core.v1.Secret;
    }
    this.role = emitObject(`${name}-reader`, resolved.role, parent) as k8s.rbac.v1.Role;
    this.roleBinding = emitObject(`${name}-reader`, resolved.roleBinding, parent) as k8s.rbac.v1.RoleBinding;
    this.secretName = this.secret ? this.secret.metadata.name : pulumi.output(ref.name);
    this.secretKeys = pulumi.output([...ref.keys]);
    this.registerOutputs({ secretName: this.secretName, secretKeys: this.secretKeys, password: this.password });
  }

  /** The password under `key` (secret), or undefined when the key is not this secret's or it is an existing Secret. */
  public passwordFor(key: string): pulumi.Output<string> | undefined {
    return this.passwords[key];
  }
}

function resolveSharedSecret(name: string, args: BgpPasswordSecretArgs): Resolved {
  const owner = `BgpPasswordSecret '${name}'`;
  const problems: Problem[] = [];
  const password = args.password ?? BgpPassword.generate();
  const source = password.source;
  const keyPerPeer = args.keyPerPeer ?? false;
  let keys: readonly string[] = [source.kind === 'existing' ? source.ref.key : DEFAULT_PASSWORD_KEY];
  if (keyPerPeer) {
    if (source.kind !== 'generated') {
      problems.push(problem('keyPerPeer', 'pulumi.key-per-peer-source',
        '\'keyPerPeer\' needs a generated password (BgpPassword.generate()): a value or an existing Secret is one password, not one per peer. Use one BgpPasswordSecret per value instead.'));
    }
    keys = args.keys ?? [];
    if (keys.length === 0) {
      problems.push(problem('keys', 'pulumi.keys-required', '\'keys\' must list the Secret\'s keys, one per peer, when \'keyPerPeer\' is true (Pulumi writes the Secret before any peer exists).'));
    }
    keys.forEach((k, i) => problems.push(...checkSecretKey(`keys[${i}]`, k)));
    const dups = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
    if (dups.length) problems.push(problem('keys', 'pulumi.keys-duplicate', `'keys' lists ${dups.join(', ')} more than once; each peer needs its own key.`));
  } else if (args.keys !== undefined) {
    problems.push(problem('keys', 'pulumi.keys-without-key-per-peer', '\'keys\' can only be set with \'keyPerPeer\': true; without it every peer uses the one key.'));
  }
  if (source.kind === 'existing' && args.name !== undefined && args.name !== source.ref.name) {
    problems.push(problem('name', 'pulumi.existing-secret-name', `'name' (${args.name}) differs from the existing Secret '${source.ref.name}'; leave 'name' unset.`));
  }
  const secretName = source.kind === 'existing' ? source.ref.name : args.name ?? deriveName(['bgp-password', name]);
  problems.push(...checkName('name', secretName), ...checkPasswordSource(source));
  let install: CalicoInstall | undefined;
  try {
    install = resolveInstall(args.install);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    problems.push(...e.problems);
  }
  throwIfProblems(problems, owner);
  const access = planSharedSecretAccess({ secretName, install });
  const objects: KubeObject[] = [access.role, access.roleBinding];
  if (source.kind !== 'existing') objects.unshift(buildPasswordSecret({ name: secretName, install: access.install, stringData: {} }));
  throwIfProblems(claimObjects(owner, objects), owner);
  return { ref: { owner, install: access.install, name: secretName, keys, keyPerPeer }, password, role: access.role, roleBinding: access.roleBinding };
}
