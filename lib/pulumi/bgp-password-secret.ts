import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { emitObject, emitPasswordSecret } from './emit';
import { ExternalResources, emitExternalObjects, externalObjects, nameExternalObjects } from './external-secrets-password';
import { passwordOutputs } from './password-value';
import { sharedRouterConfig } from './router-config';
import { SharedBgpPeer, SharedBgpPeerArgs, SharedBgpPeerOptions } from './shared-bgp-peer';
import { SharedSecretRef } from './shared-secret';
import { kubernetesProviderOf } from './provider';
import { isDeferred } from './spec-inputs';
import { claimObjects } from './stack-objects';
import {
  CalicoInstall, CalicoInstallOptions, DEFAULT_PASSWORD_KEY, KubeObject, OPERATOR_INSTALL, buildPasswordSecret,
  checkKeyPerPeer, checkName, checkSecretKey, checkSharedPeerName, deriveName, planSharedSecretAccess, resolveInstall,
} from '../calico';
import { Problem, capture, problem, throwIfProblems } from '../errors';
import { BgpPasswordSecretMembers, checkPasswordSource, isDistinctPerKey, isInline, resolvePasswordSource } from '../source';
import { RouterConfigOptions, RouterTarget } from '../router';

/** Arguments of a {@link BgpPasswordSecret}. */
export interface BgpPasswordSecretArgs extends CalicoInstallOptions {
  /** The Secret's name. @default "bgp-password-" followed by the component's name */
  readonly name?: string;
  /**
   * The one password every peer uses, under `key`. With `keyPerPeer` it must be
   * `BgpPassword.generate(...)`: its policy and rotation apply to every key.
   *
   * @default BgpPassword.generate()
   */
  readonly password?: BgpPassword;
  /**
   * Give every peer its own key in the Secret (named after the BGPPeer), each with its own
   * generated password, instead of one password under one key for all the peers. The peers are
   * listed in `peerNames`, because Pulumi writes the Secret before any peer exists.
   *
   * @default false
   */
  readonly keyPerPeer?: boolean;
  /**
   * With `keyPerPeer`: the names of the BGPPeers sharing this secret; each gets a key named after it.
   *
   * @default none (required with keyPerPeer)
   */
  readonly peerNames?: readonly string[];
  /**
   * The key holding the shared password (without `keyPerPeer`).
   *
   * @default "password"; with `BgpPassword.fromExistingSecret`, that Secret's key
   */
  readonly key?: string;
}

interface Resolved {
  readonly ref: SharedSecretRef;
  readonly password: BgpPassword;
  readonly role: KubeObject;
  readonly roleBinding: KubeObject;
  /** The external-secrets objects of an external source. */
  readonly external?: ExternalResources;
}

/**
 * One Secret that several BGP peers share (one key for all, or one key each), with one Role that
 * lets calico-node read exactly that Secret and one RoleBinding. K peers sharing it emit K BGPPeers
 * plus these 3 objects, not 4K. Add peers with {@link addPeer} (a BGPPeer resource under this
 * component: the shape for fabrics of thousands of peers), or pass it to each
 * {@link SecuredBgpPeer} as `sharedSecret` (a component per peer, same BGPPeer).
 *
 * @example
 * ```ts
 * import { BgpPassword, BgpPasswordSecret, PasswordPolicy, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
 *
 * const rack1 = new BgpPasswordSecret('rack1-tor', {
 *   password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }),
 * });
 * const r1 = { nodeSelector: "rack == 'r1'", asNumber: 65101 };
 * rack1.addPeer('rack1-tor-a', { ...r1, peerIP: '10.1.0.1' });
 * new SecuredBgpPeer('rack1-tor-b', { ...r1, peerIP: '10.1.0.2', sharedSecret: rack1 });
 * export const rack1Password = rack1.password; // secret: configure the top-of-rack switches with it
 * ```
 */
export class BgpPasswordSecret extends pulumi.ComponentResource implements BgpPasswordSecretMembers<
  pulumi.Output<string>, pulumi.Output<string[]>, pulumi.CustomResource, pulumi.Output<string>
> {
  /** The Secret's name in calico-node's namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** The Secret's keys: the one shared key, or one per peer with `keyPerPeer`. */
  public readonly secretKeys: pulumi.Output<string[]>;
  /** The one password every peer uses (secret); undefined with `keyPerPeer`, an existing Secret or external-secrets. */
  public readonly password: pulumi.Output<string> | undefined;
  /** The install whose namespace holds the Secret and RBAC (its peers use the same). */
  public readonly install: CalicoInstall;
  /** Whether each peer gets its own key (and password) in the Secret. */
  public readonly keyPerPeer: boolean;
  /** The Secret, unless the password is an existing Secret or written by external-secrets. */
  public readonly secret: k8s.core.v1.Secret | undefined;
  /** The Role letting calico-node get, list and watch exactly this Secret. */
  public readonly role: k8s.rbac.v1.Role;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding;
  /** What peers read when they attach. @internal */
  public readonly _ref: SharedSecretRef;
  private readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;
  private readonly peerNames = new Set<string>();

  constructor(name: string, args: BgpPasswordSecretArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSharedSecret(name, args, kubernetesProviderOf(opts));
    super('calico-bgp-auth:index:BgpPasswordSecret', name, {}, opts);
    const { ref, password } = resolved;
    const source = password.source;
    this._ref = ref;
    this.install = ref.install;
    this.keyPerPeer = ref.keyPerPeer;
    this.passwords = isInline(source)
      ? passwordOutputs(source, { parent: this, name, keys: ref.keys, errorContext: ref.owner })
      : {};
    this.password = ref.keyPerPeer ? undefined : this.passwords[ref.keys[0]];
    const parent = { parent: this };
    if (isInline(source)) {
      const secret = { name: ref.name, install: ref.install, stringData: this.passwords };
      this.secret = emitPasswordSecret(name, secret, this);
    }
    // Peers depend on the Role; the Role on the external-secrets objects, so they come before any peer.
    const externals = resolved.external ? emitExternalObjects(name, resolved.external, this) : [];
    this.role = emitObject(`${name}-reader`, resolved.role, { parent: this, dependsOn: externals }) as k8s.rbac.v1.Role;
    this.roleBinding = emitObject(`${name}-reader`, resolved.roleBinding, parent) as k8s.rbac.v1.RoleBinding;
    this.secretName = this.secret ? this.secret.metadata.name : pulumi.output(ref.name);
    this.secretKeys = pulumi.output([...ref.keys]);
    const perPeer = ref.keyPerPeer && isInline(source) ? pulumi.secret(this.passwords) : undefined;
    this.registerOutputs({
      secretName: this.secretName, secretKeys: this.secretKeys, password: this.password, passwords: perPeer,
    });
  }

  /**
   * Adds a BGPPeer named `name` that reads its password from this Secret: a
   * `kubernetes:projectcalico.org/v3:BGPPeer` custom resource (resource name `name`) whose parent is
   * this component and which `dependsOn` the Secret, Role and RoleBinding. The same BGPPeer as a
   * {@link SecuredBgpPeer} with `sharedSecret`, without a component per peer: a fabric of thousands
   * of peers registers one resource per peer, not two.
   *
   * With `keyPerPeer`, `name` must be one of `peerNames`.
   *
   * @param name the BGPPeer's name (a DNS-1123 subdomain) and the resource's name
   * @param opts options of the BGPPeer resource, e.g. `aliases` when moving a deployed
   *   `SecuredBgpPeer`'s BGPPeer here (its parent is always this component, its `dependsOn` the
   *   Secret, Role and RoleBinding)
   * @throws ValidationError naming each field and rule, before any resource is registered
   */
  public addPeer(name: string, args: SharedBgpPeerArgs, opts?: SharedBgpPeerOptions): SharedBgpPeer {
    const problems = checkSharedPeerName(name, this.peerNames.has(name));
    throwIfProblems(problems, this._ref.owner);
    const peer = new SharedBgpPeer(this, name, args, opts);
    this.peerNames.add(name);
    return peer;
  }

  /**
   * What every BGPPeer reading this Secret `dependsOn`: the Secret (unless it exists already), the
   * Role and the RoleBinding (the Role itself after any external-secrets objects).
   *
   * @internal
   */
  public get _peerDependencies(): pulumi.Resource[] {
    return [this.secret, this.role, this.roleBinding].filter((r): r is NonNullable<typeof r> => r !== undefined);
  }

  /**
   * The password a peer uses (secret): with `keyPerPeer`, the one under the key named after the
   * BGPPeer `peerName`; otherwise the shared one. Undefined for an existing Secret or an unknown peer.
   */
  public passwordFor(peerName: string): pulumi.Output<string> | undefined {
    return this.passwords[this._ref.keyPerPeer ? peerName : this._ref.keys[0]];
  }

  /**
   * The router's side of the peers sharing this secret (those constructed so far): one
   * configuration for the router they all peer with, as `SecuredBgpPeer.routerConfig` renders it for
   * one peer, the group description naming every BGPPeer. A Pulumi secret when `includePassword` is
   * true; otherwise the password is a placeholder naming the Secret.
   *
   * The peers must reach one router (rule `router.address-mismatch` otherwise: call `routerConfig`
   * on each SecuredBgpPeer). With `keyPerPeer` every peer has its own password, so this throws
   * (rule `router.key-per-peer`) and points there too. Input problems throw here; a password the
   * target's router profile refuses fails the output with the profile's rule.
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
    const ref = this._ref;
    return sharedRouterConfig(this, {
      owner: ref.owner, keyPerPeer: ref.keyPerPeer, secretKeyRef: { name: ref.name, key: ref.keys[0] ?? '' }, install: ref.install, password: this.password,
    }, target, options);
  }
}

function resolveSharedSecret(name: string, args: BgpPasswordSecretArgs, provider: pulumi.ProviderResource | undefined):
Resolved {
  const owner = `BgpPasswordSecret '${name}'`;
  const problems: Problem[] = [];
  const password = args.password ?? BgpPassword.generate();
  const source = password.source;
  const keyPerPeer = args.keyPerPeer ?? false;
  const installProblems: Problem[] = [];
  const install = capture(installProblems, () => resolveInstall(args.install));
  // Where the Secret is: the core's resolution against the one the component would write.
  const target = { secretName: args.name ?? deriveName(['bgp-password', name]), key: args.key ?? DEFAULT_PASSWORD_KEY, install: install ?? OPERATOR_INSTALL };
  const resolution = resolvePasswordSource(source, target, { name: args.name, key: args.key, nameField: 'name', keyField: 'key' });
  let keys: readonly string[] = [resolution.secretKeyRef.key];
  problems.push(...checkKeyPerPeer({ keyPerPeer, distinctPerKey: isDistinctPerKey(source), key: args.key }));
  if (keyPerPeer) {
    keys = args.peerNames ?? [];
    if (keys.length === 0) {
      problems.push(problem('peerNames', 'pulumi.peer-names-required', '\'peerNames\' must list the BGPPeers sharing the secret when \'keyPerPeer\' is true: '
        + 'Pulumi writes the Secret, one key per peer, before any peer exists.'));
    }
    keys.forEach((k, i) => problems.push(...checkSecretKey(`peerNames[${i}]`, k)));
    const dups = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
    if (dups.length) problems.push(problem('peerNames', 'pulumi.peer-names-duplicate', `'peerNames' lists ${dups.join(', ')} more than once; each peer needs its own key.`));
  } else {
    if (args.peerNames !== undefined) {
      problems.push(problem('peerNames', 'pulumi.peer-names-without-key-per-peer', '\'peerNames\' can only be set with \'keyPerPeer\': true; without it every peer uses the one key.'));
    }
    problems.push(...checkSecretKey('key', keys[0]));
  }
  // An external source with keyPerPeer is refused above (one external-secrets set writes one key).
  const external = !keyPerPeer && resolution.external ? nameExternalObjects(resolution.external, source.kind === 'external-generator') : undefined;
  const secretName = resolution.secretKeyRef.name;
  const existing = source.kind === 'existing';
  problems.push(...(existing ? resolution.problems : []), ...checkName('name', existing ? secretName : target.secretName),
    ...checkPasswordSource(source, 'password', isDeferred), ...installProblems, ...(existing || keyPerPeer ? [] : resolution.problems));
  throwIfProblems(problems, owner);
  const access = planSharedSecretAccess({ secretName, install });
  const objects: KubeObject[] = [access.role, access.roleBinding];
  if (isInline(source)) {
    objects.unshift(buildPasswordSecret({ name: secretName, install: access.install, stringData: {} }));
  }
  if (external) objects.unshift(...externalObjects(external));
  throwIfProblems(claimObjects(owner, objects, provider), owner);
  const ref: SharedSecretRef = { owner, install: access.install, name: secretName, keys, keyPerPeer, provider };
  return { ref, password, role: access.role, roleBinding: access.roleBinding, external };
}
