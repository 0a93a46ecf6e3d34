import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BgpPassword, BgpPasswordBinding } from './bgp-password';
import { emitObject, nameFromPath, passwordOrRefusal } from './emit';
import { WriteRouterConfigOptions, sharedRouterConfig, writeRouterConfigFile } from './router-config';
import { OrderedUnit } from './ordering';
import type { SharedSecretAttachment } from './shared-secret';
import { SharedBgpPeer, SharedBgpPeerProps } from './shared-bgp-peer';
import { addProblemValidation } from './validation';
import {
  CalicoInstall, CalicoInstallInput, CalicoInstallOptions, DEFAULT_PASSWORD_KEY, OPERATOR_INSTALL, buildPasswordSecret,
  checkKeyPerPeer, checkSecretKey, checkName, checkSharedPeerName, planSharedSecretAccess, resolveInstall,
} from '../calico';
import { Problem, capture, throwIfProblems } from '../errors';
import { RouterConfigOptions, RouterTarget } from '../router';
import { BgpPasswordSecretMembers } from '../source';

/** Props of a {@link BgpPasswordSecret}. */
export interface BgpPasswordSecretProps extends CalicoInstallOptions {
  /**
   * The Secret's name.
   *
   * @default `bgp-password-` followed by a DNS-1123 name derived from the construct path; with
   * `BgpPassword.fromExistingSecret`, that Secret's name
   */
  readonly name?: string;
  /**
   * Where the password comes from. With `keyPerPeer`, it must be `BgpPassword.generate(...)`: every
   * key gets its own generated (or derived) value.
   *
   * @default BgpPassword.generate() (derived from the seed when one is set)
   */
  readonly password?: BgpPassword;
  /**
   * Give every peer its own key in the Secret (named after the BGPPeer), each with its own password,
   * instead of one password under one key for all the peers.
   *
   * @default false
   */
  readonly keyPerPeer?: boolean;
  /**
   * The key holding the shared password (without `keyPerPeer`).
   *
   * @default "password"; with `BgpPassword.fromExistingSecret`, that Secret's key
   */
  readonly key?: string;
}

/**
 * One Secret several BGP peers share, with one Role naming it and one RoleBinding for calico-node:
 * K peers sharing it emit K BGPPeers and 3 objects, not 4K.
 *
 * Either one password under one key for every peer (the routers all use the same password), or,
 * with `keyPerPeer`, one key per peer, each with its own password. Add peers with {@link addPeer}
 * (a BGPPeer under this construct, no construct per peer: the shape for fabrics of thousands of
 * peers), or pass it to `SecuredBgpPeer` as `sharedSecret` (a construct per peer, same YAML).
 *
 * Its members are the Pulumi component's, under the same names (`secretKeys` and the passwords
 * cover the peers attached so far); `writeRouterConfig` and Construct's `node` are cdk8s's own.
 *
 * @example
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
 *
 * const chart = new Chart(new App(), 'bgp');
 * const rack = new BgpPasswordSecret(chart, 'rack-a', { keyPerPeer: true });
 * rack.addPeer('rack-a-tor-1', { peerIP: '10.0.1.1', asNumber: 65001, nodeSelector: "rack == 'a'" });
 * new SecuredBgpPeer(chart, 'tor-2', {
 *   sharedSecret: rack, peerIP: '10.0.1.2', asNumber: 65001, nodeSelector: "rack == 'a'",
 * });
 * ```
 */
export class BgpPasswordSecret extends Construct
  implements BgpPasswordSecretMembers<string, readonly string[], ApiObject, string> {
  /** The Secret's name. */
  public readonly secretName: string;
  /** The install whose namespace holds the Secret. */
  public readonly install: CalicoInstall;
  /** Whether every peer gets its own key. */
  public readonly keyPerPeer: boolean;
  /** The Role letting calico-node read the Secret. */
  public readonly role?: ApiObject;
  /** The RoleBinding granting the Role to calico-node. */
  public readonly roleBinding?: ApiObject;

  /** The install as given, passed on to the core unchanged. @internal */
  public readonly _installInput?: CalicoInstallInput;
  /** The Secret, its RBAC and the peers added with addPeer. @internal */
  public readonly _orderedUnit = new OrderedUnit();
  // Private fields (#): the bindings hold the passwords, which `util.inspect` must never show.
  readonly #secret?: ApiObject;
  readonly #source: BgpPassword;
  readonly #shared?: BgpPasswordBinding;
  readonly #perPeer = new Map<string, BgpPasswordBinding>();
  readonly #problems: Problem[] = [];
  readonly #peerNames = new Set<string>();

  constructor(scope: Construct, id: string, props: BgpPasswordSecretProps = {}) {
    super(scope, id);
    const problems = this.#problems;
    this._installInput = props.install;
    this.install = capture(problems, () => resolveInstall(props.install)) ?? OPERATOR_INSTALL;
    this.keyPerPeer = props.keyPerPeer ?? false;
    this.#source = props.password ?? BgpPassword.generate();
    const wantedName = props.name ?? `bgp-password-${nameFromPath(this)}`;

    if (this.keyPerPeer) {
      this.secretName = wantedName;
      const distinctPerKey = this.#source._distinctPerKey;
      problems.push(...checkKeyPerPeer({ keyPerPeer: true, distinctPerKey, key: props.key }));
    } else {
      const key = props.key ?? DEFAULT_PASSWORD_KEY;
      this.#shared = this.#source._bind(this, { secretName: wantedName, key, install: this.install },
        { name: props.name, key: props.key, nameField: 'name', keyField: 'key' });
      problems.push(...this.#shared.problems);
      const ref = this.#shared.secretKeyRef;
      problems.push(...checkSecretKey('key', ref.key));
      this.secretName = ref.name;
    }

    const secretName = this.secretName;
    const access = capture(problems, () => planSharedSecretAccess({ secretName, install: props.install }));
    if (this.#shared?.placement.mode === 'own') {
      // One password under one key: known now, written as is.
      const ref = this.#shared.secretKeyRef;
      this.#secret = emitObject(this, 'Secret', buildPasswordSecret<unknown>({
        name: this.secretName,
        install: this.install,
        stringData: { [ref.key]: passwordOrRefusal(this.#shared.value, this) },
      }));
    } else if (!this.#shared) {
      // A key per peer: the data grows as peers attach, so it is produced at synth.
      const secret = buildPasswordSecret<unknown>({ name: this.secretName, install: this.install, stringData: {} });
      this.#secret = emitObject(this, 'Secret', secret, { stringData: Lazy.any({ produce: () => this.stringData() }) });
    }
    if (access) {
      this.role = emitObject(this, 'Role', access.role);
      this.roleBinding = emitObject(this, 'RoleBinding', access.roleBinding);
    }
    // The Secret, its RBAC (the RoleBinding after the Role after the Secret), its source's objects and
    // the peers added under it: written in tree order until something outside depends on one of them
    // (ordering.ts).
    const unit = this._orderedUnit;
    unit.add(this, this.#secret, this.role, this.roleBinding, ...(this.#shared?.dependables ?? []));
    if (this.role && this.roleBinding) unit.after(this.roleBinding, [this.role]);
    if (this.role && this.#secret) unit.after(this.role, [this.#secret]);
    addProblemValidation(this, () => this.#problems);
  }

  /**
   * The Secret, unless the password comes from an existing or external-secrets Secret. A getter, as
   * `password` is: printing the construct does not print the Secret's data.
   */
  public get secret(): ApiObject | undefined {
    return this.#secret;
  }

  /** The Secret's keys in use: the one shared key, or with `keyPerPeer` one per peer attached so far. */
  public get secretKeys(): readonly string[] {
    if (this.#shared) return [this.#shared.secretKeyRef.key];
    return [...this.#perPeer.values()].map((b) => b.secretKeyRef.key);
  }

  /**
   * The one password every peer uses (**secret**: never log it), for the router they peer with.
   * Undefined with `keyPerPeer` (see {@link passwordFor}), when only the cluster holds it
   * (`BgpPassword.fromExistingSecret`, external-secrets) and when it could not be produced (the
   * app's validation says why).
   */
  public get password(): string | undefined {
    return inlineValue(this.#shared);
  }

  /**
   * The password the peer `peerName` uses (**secret**: never log it): with `keyPerPeer`, the one
   * under the key named after that BGPPeer; otherwise the shared one. Undefined for a peer not
   * attached (with `keyPerPeer`), and where {@link password} is.
   */
  public passwordFor(peerName: string): string | undefined {
    return inlineValue(this.keyPerPeer ? this.#perPeer.get(peerName) : this.#shared);
  }

  /**
   * Adds a BGPPeer named `name` that reads its password from this Secret: an `ApiObject` under this
   * construct (id `name`), ordered after the Secret, Role and RoleBinding. Same YAML as a
   * `SecuredBgpPeer` with `sharedSecret`, without a construct per peer: at fabric scale (thousands
   * of peers) cdk8s's synth cost grows with the number of constructs.
   *
   * Problems of `props` are reported when the app is validated, with the same rules and messages as
   * a `SecuredBgpPeer`.
   *
   * @param name the BGPPeer's name (a DNS-1123 subdomain), unique among this secret's peers
   * @throws ValidationError (rule `compose.shared-peer-duplicate`) when a peer of that name was already added
   */
  public addPeer(name: string, props: SharedBgpPeerProps): SharedBgpPeer {
    const owner = `BgpPasswordSecret '${this.node.path}'`;
    throwIfProblems(checkSharedPeerName(name, this.#peerNames.has(name)), owner);
    // The name is the BGPPeer's construct id: refused now, not at validation, when it cannot be one
    // as is (empty: constructs throws after the key was bound; `/`: constructs makes it `--`, which
    // a later valid name could then hit) or is the id of one of this construct's children (`Secret`, `Role`).
    if (name === '' || name.includes('/') || this.node.tryFindChild(name)) throwIfProblems(checkName('name', name), owner);
    this.#peerNames.add(name);
    return new SharedBgpPeer(this, name, props);
  }

  /**
   * Hands a peer its Secret key: the shared key, or (with `keyPerPeer`) a key named after the
   * peer, whose password is bound here so that it derives from this construct's path and the key.
   *
   * @internal
   */
  public _attach(peerName: string): SharedSecretAttachment {
    const dependables = [this.roleBinding ?? this.role ?? this.#secret, ...(this.#shared?.dependables ?? [])]
      .filter((c): c is IConstruct => c !== undefined);
    const sourceProblems = () => this.#problems;
    if (this.#shared) return attachment(this.#shared, dependables, sourceProblems);
    let binding = this.#perPeer.get(peerName);
    if (!binding) {
      binding = this.#source._bind(this, { secretName: this.secretName, key: peerName, install: this.install });
      this.#perPeer.set(peerName, binding);
      this.#problems.push(...binding.problems);
    }
    return attachment(binding, [...dependables, ...binding.dependables], sourceProblems);
  }

  /**
   * The router's side of the peers sharing this secret (those attached so far): one configuration
   * for the router they all peer with, in `target`'s syntax, as `SecuredBgpPeer.routerConfig` writes
   * it for one peer, the group description naming every BGPPeer.
   *
   * The peers must reach one router (`peerIP`, `asNumber`): for peers of several routers, call
   * `routerConfig` on each `SecuredBgpPeer`. With `keyPerPeer` every peer has its own password, so
   * this refuses (rule `router.key-per-peer`) and points there too.
   *
   * Unless `options.includePassword` is true the password is replaced by a placeholder naming the
   * Secret, and the text is not secret. With it, the text holds the password written into the
   * synthesized Secret: keep it out of Git, logs and CI artifacts. A password that only the cluster
   * holds (`BgpPassword.fromExistingSecret`, external-secrets) cannot be included: refused with rule
   * `router.password-unavailable`. The password, when known, is checked against the target's router
   * profile either way.
   *
   * @throws ValidationError naming each field and rule (this construct's own problems first).
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): string {
    const secretKeyRef = { name: this.secretName, key: this.#shared?.secretKeyRef.key ?? DEFAULT_PASSWORD_KEY };
    const shared = { keyPerPeer: this.keyPerPeer, problems: this.#problems, secretKeyRef, install: this.install };
    return sharedRouterConfig(this, shared, target, options);
  }

  /**
   * Writes {@link routerConfig} to `<outdir>/<secret name>.<extension>` (e.g. `router/bgp-password-rack-a.frr.conf`
   * in the app's output directory) and returns the path. Nothing is written unless this is called;
   * with `includePassword` the file is created with mode 0600.
   */
  public writeRouterConfig(target: RouterTarget, options: WriteRouterConfigOptions): string {
    return writeRouterConfigFile(this, this.secretName, target, this.routerConfig(target, options), options);
  }

  /** The Secret's data with a key per peer: one per peer attached so far. */
  private stringData(): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const b of this.#perPeer.values()) {
      if (b.placement.mode !== 'own') continue;
      data[b.secretKeyRef.key] = passwordOrRefusal(b.value, this);
    }
    // The core builder owns the Secret's shape; only its data is produced late (peers attach after construction).
    return buildPasswordSecret({ name: this.secretName, install: this.install, stringData: data }).stringData;
  }
}

/** What a peer gets of `binding`. */
function attachment(binding: BgpPasswordBinding, dependables: readonly IConstruct[],
  sourceProblems: () => readonly Problem[]): SharedSecretAttachment {
  const inline = binding.placement.mode === 'own';
  const { secretKeyRef, value } = binding;
  return { secretKeyRef, dependables, inline, value, sourceProblems };
}

/** The password a binding writes into the Secret, if it writes one. */
function inlineValue(binding: BgpPasswordBinding | undefined): string | undefined {
  return binding?.placement.mode === 'own' ? binding.value : undefined;
}
