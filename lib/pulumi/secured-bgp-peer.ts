import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { BgpPasswordSecret } from './bgp-password-secret';
import { emitObject } from './emit';
import { ExternalSecretsResolution, emitExternalObjects, externalObjects, resolveExternalSource } from './external-secrets-password';
import { checkPasswordSource, passwordOutputs } from './password-value';
import { peerRouterConfig, registerRouterSide } from './router-config';
import { claimObjects } from './stack-objects';
import {
  ApiFlavor, BgpPeerSpec, CalicoInstallInput, CalicoVersion, DEFAULT_PASSWORD_KEY, KubeObject, OPERATOR_INSTALL, SecretPlacement, SecuredUnitPlan,
  buildPasswordSecret, buildSecuredBgpPeerPlan, checkSecuredBgpPeer, checkSharedSecretExclusive, checkSharedSecretInstall, checkSourceNamesSecret,
  peerSecretName, resolveInstall,
} from '../calico';
import { Problem, ValidationError, problem, throwIfProblems } from '../errors';
import { RouterConfigOptions, RouterTarget } from '../router';

/**
 * Arguments of a {@link SecuredBgpPeer}: every field of Calico's BGPPeer spec (plain values, so
 * they are validated when the component is constructed), plus where the password comes from.
 */
export interface SecuredBgpPeerArgs extends BgpPeerSpec {
  /** The BGPPeer's name (cluster-scoped). @default the component's name */
  readonly name?: string;
  /**
   * The password. Not with `sharedSecret`, which holds the password.
   *
   * @default BgpPassword.generate() (the default policy; see PasswordPolicy.forRouter for router profiles)
   */
  readonly password?: BgpPassword;
  /**
   * How Calico was installed, which decides where the Secret, Role and RoleBinding go:
   * `operator` (`calico-system`), `manifest` (`kube-system`) or `{ namespace, serviceAccount }`.
   *
   * @default "operator", or the install of `sharedSecret`
   */
  readonly install?: CalicoInstallInput;
  /** The Calico release targeted; a field newer than it is refused (the older CRD would drop it silently). @default "3.32" */
  readonly calicoVersion?: CalicoVersion;
  /** The API the BGPPeer is written for. @default "projectcalico.org/v3" */
  readonly apiFlavor?: ApiFlavor;
  /** A Secret shared with other peers: this peer emits only its BGPPeer. @default the peer has its own Secret */
  readonly sharedSecret?: BgpPasswordSecret;
  /** The name of the peer's own Secret. @default "bgp-password-" followed by the BGPPeer's name */
  readonly secretName?: string;
  /** The key in the peer's own Secret. @default "password" */
  readonly secretKey?: string;
}

const OWN_KEYS = ['name', 'password', 'install', 'calicoVersion', 'apiFlavor', 'sharedSecret', 'secretName', 'secretKey'];

/**
 * A Calico BGPPeer whose TCP-MD5 password lives in a Secret calico-node can read: the Secret, a
 * Role granting get/list/watch on exactly that Secret, a RoleBinding for calico-node, and the
 * cluster-scoped BGPPeer, which `dependsOn` the other three (calico-node brings a peering up
 * without a password when its Secret or RBAC is missing).
 *
 * ```ts
 * const peer = new SecuredBgpPeer('tor-a', { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 });
 * export const torPassword = peer.password; // secret: configure the router with it
 * ```
 */
export class SecuredBgpPeer extends pulumi.ComponentResource {
  /** The password (secret), for the router on the other end; undefined for an existing Secret. */
  public readonly password: pulumi.Output<string> | undefined;
  /** The name of the Secret holding the password. */
  public readonly secretName: pulumi.Output<string>;
  /** The key in the Secret holding the password. */
  public readonly secretKey: pulumi.Output<string>;
  /** The BGPPeer's name. */
  public readonly peerName: pulumi.Output<string>;
  /** The peer's own Secret; undefined with a shared or existing Secret. */
  public readonly secret: k8s.core.v1.Secret | undefined;
  /** The Role letting calico-node read the Secret; undefined with a shared Secret (it has the Role). */
  public readonly role: k8s.rbac.v1.Role | undefined;
  /** The RoleBinding granting the Role to calico-node; undefined with a shared Secret. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding | undefined;
  /** The BGPPeer. */
  public readonly bgpPeer: k8s.apiextensions.CustomResource;

  constructor(name: string, args: SecuredBgpPeerArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolvePeer(name, args);
    super('calico-bgp-auth:index:SecuredBgpPeer', name, {}, opts);
    const { plan, shared } = resolved;
    const ref = plan.secretKeyRef;
    const source = resolved.password.source;
    const parent = { parent: this };
    if (shared) {
      this.password = shared.passwordFor(plan.calicoObject.metadata.name);
    } else if (source.kind === 'generated' || source.kind === 'value') {
      this.password = passwordOutputs(source, { parent: this, name, keys: [ref.key], errorContext: resolved.owner })[ref.key];
      const obj = buildPasswordSecret({ name: ref.name, install: plan.install, stringData: { [ref.key]: this.password } });
      this.secret = emitObject(`${name}-secret`, { ...obj, stringData: pulumi.secret(obj.stringData) }, parent) as k8s.core.v1.Secret;
    }
    if (plan.role && plan.roleBinding) {
      this.role = emitObject(`${name}-reader`, plan.role, parent) as k8s.rbac.v1.Role;
      this.roleBinding = emitObject(`${name}-reader`, plan.roleBinding, parent) as k8s.rbac.v1.RoleBinding;
    }
    // Order the peer after everything calico-node needs to read its password.
    const externals = resolved.external ? emitExternalObjects(name, resolved.external, this) : [];
    const dependsOn = shared ? [shared.secret, shared.role, shared.roleBinding] : [this.secret, this.role, this.roleBinding, ...externals];
    this.bgpPeer = emitObject(name, plan.calicoObject, { parent: this, dependsOn: dependsOn.filter((r): r is NonNullable<typeof r> => r !== undefined) }) as k8s.apiextensions.CustomResource;
    this.secretName = this.secret ? this.secret.metadata.name : shared ? shared.secretName : pulumi.output(ref.name);
    this.secretKey = pulumi.output(ref.key);
    this.peerName = this.bgpPeer.metadata.name;
    registerRouterSide(this, {
      owner: resolved.owner, peerName: plan.calicoObject.metadata.name, spec: resolved.spec, secretKeyRef: ref, install: plan.install, password: this.password,
    }, shared);
    this.registerOutputs({ password: this.password, secretName: this.secretName, secretKey: this.secretKey, peerName: this.peerName });
  }

  /**
   * The router's side of this peering: the neighbour configuration (or a peer group with listen
   * ranges) for the Calico nodes, in `target`'s syntax (`frr`, `bird`, `gobgp`, `cisco-ios`,
   * `cisco-nxos`, `junos`, `arista-eos`). The BGPPeer gives the router's AS and address and where
   * the password lives; `options` give what it cannot know (the nodes' addresses or CIDRs, their AS
   * when `localASNumber` is unset).
   *
   * Unless `options.includePassword` is true the password is replaced by a placeholder naming the
   * Secret and the output is not secret; with it, the output is a Pulumi secret holding the
   * component's password. A password only the cluster holds (`BgpPassword.fromExistingSecret`,
   * external-secrets) cannot be included.
   *
   * Input problems throw here, as a ValidationError naming each field and rule (e.g.
   * `router.nodes-required`, `router.password-unavailable`). The password, when the component holds
   * it, is checked against the target's router profile once its value is known, with or without
   * `includePassword`: a refusal fails the output (and the deployment using it) with the profile's rule.
   *
   * ```ts
   * export const torConfig = peer.routerConfig('frr', { nodeCIDRs: ['10.1.0.0/24'], clusterASNumber: 64512, includePassword: true });
   * ```
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
    return peerRouterConfig(this, target, options);
  }
}

interface ResolvedPeer {
  readonly owner: string; readonly plan: SecuredUnitPlan; readonly password: BgpPassword; readonly shared?: BgpPasswordSecret;
  /** The BGPPeer spec as given (`password` aside), for the router side. */
  readonly spec: BgpPeerSpec;
  /** The external-secrets objects of an external source. */
  readonly external?: ExternalSecretsResolution;
}

/** Checks everything known at construction and plans the objects; throws one ValidationError listing every problem. */
function resolvePeer(name: string, args: SecuredBgpPeerArgs): ResolvedPeer {
  const owner = `SecuredBgpPeer '${name}'`;
  const spec = Object.fromEntries(Object.entries(args).filter(([k]) => !OWN_KEYS.includes(k))) as BgpPeerSpec;
  const peerName = args.name ?? name;
  const shared = args.sharedSecret;
  const password = args.password ?? BgpPassword.generate();
  const problems: Problem[] = [];
  let placement: SecretPlacement;
  let external: ExternalSecretsResolution | undefined;
  let install = args.install === undefined ? shared?._ref.install : undefined;
  try {
    install ??= resolveInstall(args.install);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    problems.push(...e.problems);
  }
  if (shared) {
    const ref = shared._ref;
    problems.push(...checkSharedSecretExclusive(args));
    const key = ref.keyPerPeer ? peerName : ref.keys[0];
    if (!ref.keys.includes(key)) {
      problems.push(problem('sharedSecret', 'pulumi.shared-secret-peer', `BGPPeer '${peerName}' has no key in ${ref.owner} (peerNames: ${ref.keys.join(', ')}); add '${peerName}' to its 'peerNames'.`));
    }
    problems.push(...checkSharedSecretInstall({ install: args.install !== undefined ? install : undefined, secretName: ref.name, secretInstall: ref.install }));
    placement = { mode: 'shared', name: ref.name, key };
  } else if (password.source.kind === 'existing') {
    const ref = password.source.ref;
    problems.push(...checkSourceNamesSecret({ sourceRef: ref, name: args.secretName, key: args.secretKey }));
    placement = { mode: 'existing', ...ref };
  } else if (password.source.kind === 'external') {
    // The Secret the peer would own, written by external-secrets instead (rotation may suffix its name).
    const target = { secretName: args.secretName ?? peerSecretName(peerName), key: args.secretKey ?? DEFAULT_PASSWORD_KEY, install: install ?? OPERATOR_INSTALL };
    external = resolveExternalSource(password.source.external, target);
    problems.push(...external.problems);
    placement = { mode: 'existing', ...external.secretKeyRef };
  } else {
    placement = { mode: 'own', name: args.secretName, key: args.secretKey };
  }
  const planProps = { name: peerName, spec, install, calicoVersion: args.calicoVersion, apiFlavor: args.apiFlavor, secret: placement };
  problems.push(...checkSecuredBgpPeer(planProps), ...(shared ? [] : checkPasswordSource(password.source)));
  throwIfProblems(problems, owner);
  const plan = buildSecuredBgpPeerPlan(planProps);
  const objects = [plan.emitsSecret ? buildPasswordSecret({ name: plan.secretKeyRef.name, install: plan.install, stringData: {} }) : undefined,
    plan.role, plan.roleBinding, plan.calicoObject, ...(external ? externalObjects(external) : [])].filter((o): o is KubeObject => o !== undefined);
  throwIfProblems(claimObjects(owner, objects), owner);
  return { owner, plan, password, shared, external, spec };
}
