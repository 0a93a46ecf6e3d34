/**
 * The matrix of end-to-end cases, written once for both engines: each case declares what a user
 * writes (constructs or components, a password source, an install) through an {@link EngineAdapter},
 * what the user configures on the router, and what must happen to the BGP sessions.
 */
import { randomBytes } from 'node:crypto';
import { MANIFEST_INSTALL, OPERATOR_INSTALL, PasswordPolicy, ROUTER_PROFILES, type CalicoInstall } from 'calico-bgp-auth';
import type { K8sObject } from './calico-node';
import { secretObject } from './fixtures';

/** Where a password comes from, engine-neutral. */
export type PasswordChoice =
  | { readonly kind: 'generate'; readonly policy?: PasswordPolicy; readonly seed?: string; readonly rotation?: number }
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'existing'; readonly name: string; readonly key: string };

export type InstallName = 'operator' | 'manifest';

/** The install an install name stands for (calico-node's namespace and ServiceAccount). */
export const installOf = (name: InstallName): CalicoInstall => (name === 'operator' ? OPERATOR_INSTALL : MANIFEST_INSTALL);

/** A BGPPeer as the user declares it. */
export interface PeerDecl { readonly name: string; readonly peerIP: string; readonly asNumber: number }

/** What one app or stack emitted, and each BGPPeer's password as the user reads it for the router. */
export interface Emission {
  readonly objects: K8sObject[];
  /**
   * By BGPPeer name. cdk8s: copied out of the synthesized Secret; Pulumi: the component's `password`
   * output. Undefined for an existing Secret (the user holds that value).
   */
  readonly routerPasswords: Readonly<Record<string, string | undefined>>;
}

/** The objects of a mesh password, and the password as the user reads it. */
export interface MeshEmission { readonly objects: K8sObject[]; readonly password?: string }

/** An engine's way of emitting what the cases declare. */
export interface EngineAdapter {
  readonly engine: 'cdk8s' | 'pulumi';
  /** Whether `generate` takes a `seed` (cdk8s derives passwords; Pulumi keeps entropy in state). */
  readonly derivesFromSeed: boolean;
  /** One secured BGPPeer in its own app or stack. */
  securedPeer(p: PeerDecl & { readonly install: InstallName; readonly password: PasswordChoice }): Promise<Emission>;
  /** One shared password secret and the peers using it, in one app or stack. */
  sharedSecret(p: {
    readonly install: InstallName;
    readonly password: PasswordChoice;
    readonly keyPerPeer: boolean;
    readonly peers: readonly PeerDecl[];
  }): Promise<Emission>;
  /** One mesh password in its own app or stack. */
  meshPassword(p: {
    readonly install: InstallName;
    readonly password: PasswordChoice;
    readonly asNumber: number;
  }): Promise<MeshEmission>;
  /** The engine's examples: every BGPPeer with its router password, and the mesh when there is one. */
  examples(): Promise<
    Array<{
      readonly label: string;
      readonly install: InstallName;
      readonly emission: Emission;
      readonly mesh?: MeshEmission;
    }>
  >;
}

/** What a peer case hands the batch: the objects one cluster reads, and the router's password per BGPPeer. */
export interface CaseSet {
  readonly install: InstallName;
  readonly objects: readonly K8sObject[];
  readonly routerPasswords: Readonly<Record<string, string | undefined>>;
}

/** What must happen to every BGPPeer of a case. */
export type PeerVerdict = 'established' | 'down' | 'fail-open';

/** A case of BGPPeer sessions. */
export interface PeerCase {
  readonly id: string;
  /** The test name: never a password. */
  readonly title: string;
  readonly verdict: PeerVerdict;
  /** Only for engines that derive from a seed. */
  readonly needsSeed?: boolean;
  /** The byte length calico-node must read, when the case is about length. */
  readonly passwordBytes?: number;
  /** Emits the case's objects; `ip(i)` is the i-th router address reserved for the case. */
  build(a: EngineAdapter, ip: (i: number) => string): Promise<CaseSet>;
}

/** A case of node-to-node mesh sessions. */
export interface MeshCase {
  readonly id: string;
  readonly title: string;
  /** `fail-open-up`: both nodes fail open and the mesh comes up without a password. */
  readonly verdict: 'established' | 'down' | 'fail-open-up';
  readonly needsSeed?: boolean;
  readonly passwordBytes?: number;
  build(a: EngineAdapter): Promise<{ install: InstallName; objects: K8sObject[]; objectsB?: K8sObject[] }>;
}

/** The router's AS in the matrix (eBGP with Calico's default 64512). */
export const ROUTER_AS = 65001;
/** A seed made per run: derived passwords are new every run, and stable within it. */
export const RUN_SEED = randomBytes(32).toString('hex');

/** A password nobody emitted: what a router holding a stale or mistyped password has. */
const unrelatedPassword = () => PasswordPolicy.DEFAULT.generate();

/** A value a person typed: letters, digits and characters BIRD takes byte for byte (FACTS.md), one token. */
export const typedValue = () => `Kx${randomBytes(9).toString('base64url')}$;{}#'\\=@%,:+.`;

/** Exactly 80 bytes: the Linux TCP-MD5 limit. */
export const eightyBytes = () => randomBytes(60).toString('base64url');

/** The Secret a user created by hand (`kubectl create secret generic`), stored base64 as the API server does. */
export const userCreatedSecret = (install: InstallName, name: string, key: string, value: string) =>
  secretObject(installOf(install).namespace, name, key, value, 'data');

const without = (objects: readonly K8sObject[], kind: string) => objects.filter((o) => o.kind !== kind);

async function single(a: EngineAdapter, ip: (i: number) => string, password: PasswordChoice, install: InstallName = 'operator'): Promise<CaseSet> {
  const e = await a.securedPeer({ name: 'tor', peerIP: ip(0), asNumber: ROUTER_AS, install, password });
  return { install, objects: e.objects, routerPasswords: e.routerPasswords };
}

/** Every BGPPeer case; each runs against BIRD, FRR and GoBGP as the router. */
export const PEER_CASES: readonly PeerCase[] = [
  {
    id: 'generated-default', title: 'a generated password (default policy, operator install) reaches Established', verdict: 'established',
    build: (a, ip) => single(a, ip, { kind: 'generate' }),
  },
  {
    id: 'generated-manifest', title: 'a generated password with a manifest install (Secret and RBAC in kube-system) reaches Established', verdict: 'established',
    build: (a, ip) => single(a, ip, { kind: 'generate' }, 'manifest'),
  },
  ...ROUTER_PROFILES.map((profile): PeerCase => ({
    id: `profile-${profile.name}`, title: `a password generated for router profile ${profile.name} reaches Established`, verdict: 'established',
    build: (a, ip) => single(a, ip, { kind: 'generate', policy: PasswordPolicy.forRouter(profile.name) }),
  })),
  {
    id: 'derived', title: 'a password derived from a seed reaches Established', verdict: 'established', needsSeed: true,
    build: (a, ip) => single(a, ip, { kind: 'generate', seed: RUN_SEED }),
  },
  {
    id: 'rotated', title: 'a derived password rotated in the cluster but not on the router stays down', verdict: 'down', needsSeed: true,
    build: async (a, ip) => {
      const before = await single(a, ip, { kind: 'generate', seed: RUN_SEED, rotation: 0 });
      const after = await single(a, ip, { kind: 'generate', seed: RUN_SEED, rotation: 1 });
      return { ...after, routerPasswords: before.routerPasswords };
    },
  },
  {
    id: 'value', title: 'a value passed in (with $ ; { } # \' \\ in it) reaches Established', verdict: 'established',
    build: (a, ip) => single(a, ip, { kind: 'value', value: typedValue() }),
  },
  {
    id: 'value-80-bytes', title: 'a value of exactly 80 bytes reaches Established', verdict: 'established', passwordBytes: 80,
    build: (a, ip) => single(a, ip, { kind: 'value', value: eightyBytes() }),
  },
  {
    id: 'existing', title: 'an existing Secret (created by hand, base64 data) reaches Established', verdict: 'established',
    build: async (a, ip) => {
      const value = unrelatedPassword();
      const set = await single(a, ip, { kind: 'existing', name: 'tor-md5', key: 'md5' });
      return { ...set, objects: [userCreatedSecret('operator', 'tor-md5', 'md5', value), ...set.objects], routerPasswords: { tor: value } };
    },
  },
  {
    id: 'shared', title: 'one shared Secret across three peers: every session reaches Established', verdict: 'established',
    build: async (a, ip) => {
      const e = await a.sharedSecret({ install: 'operator', password: { kind: 'generate' }, keyPerPeer: false, peers: [0, 1, 2].map((i) => ({ name: `tor-${i}`, peerIP: ip(i), asNumber: ROUTER_AS })) });
      return { install: 'operator', ...e };
    },
  },
  {
    id: 'shared-key-per-peer', title: 'a shared Secret with one key per peer: every session reaches Established', verdict: 'established',
    build: async (a, ip) => {
      const e = await a.sharedSecret({ install: 'manifest', password: { kind: 'generate' }, keyPerPeer: true, peers: [0, 1].map((i) => ({ name: `tor-${i}`, peerIP: ip(i), asNumber: ROUTER_AS })) });
      return { install: 'manifest', ...e };
    },
  },
  {
    id: 'wrong', title: 'a router holding another password stays down', verdict: 'down',
    build: async (a, ip) => ({ ...(await single(a, ip, { kind: 'generate' })), routerPasswords: { tor: unrelatedPassword() } }),
  },
  {
    id: 'no-role', title: 'without the emitted Role calico-node fails open and the protected router refuses the session', verdict: 'fail-open',
    build: async (a, ip) => { const s = await single(a, ip, { kind: 'generate' }); return { ...s, objects: without(s.objects, 'Role') }; },
  },
  {
    id: 'no-role-binding', title: 'without the emitted RoleBinding calico-node fails open and the protected router refuses the session', verdict: 'fail-open',
    build: async (a, ip) => { const s = await single(a, ip, { kind: 'generate' }); return { ...s, objects: without(s.objects, 'RoleBinding') }; },
  },
  {
    id: 'install-mismatch', title: 'objects for a manifest install on an operator cluster: calico-node fails open and the router refuses the session', verdict: 'fail-open',
    // calico-node of an operator install reads calico-system; the Secret and RBAC went to kube-system.
    build: async (a, ip) => ({ ...(await single(a, ip, { kind: 'generate' }, 'manifest')), install: 'operator' }),
  },
];

/** Every mesh case; all run between two node-side BIRDs. */
export const MESH_CASES: readonly MeshCase[] = [
  {
    id: 'mesh-generated', title: 'a generated mesh password: two Calico nodes reach Established', verdict: 'established',
    build: async (a) => ({ install: 'operator', objects: (await a.meshPassword({ install: 'operator', password: { kind: 'generate' }, asNumber: 64512 })).objects }),
  },
  {
    id: 'mesh-manifest', title: 'a mesh password with a manifest install (kube-system): the nodes reach Established', verdict: 'established',
    build: async (a) => ({ install: 'manifest', objects: (await a.meshPassword({ install: 'manifest', password: { kind: 'generate' }, asNumber: 64600 })).objects }),
  },
  {
    id: 'mesh-derived', title: 'a mesh password derived from a seed: the nodes reach Established', verdict: 'established', needsSeed: true,
    build: async (a) => ({ install: 'operator', objects: (await a.meshPassword({ install: 'operator', password: { kind: 'generate', seed: RUN_SEED }, asNumber: 64512 })).objects }),
  },
  {
    id: 'mesh-80-bytes', title: 'an 80-byte mesh password: the nodes reach Established', verdict: 'established', passwordBytes: 80,
    build: async (a) => ({ install: 'operator', objects: (await a.meshPassword({ install: 'operator', password: { kind: 'value', value: eightyBytes() }, asNumber: 64512 })).objects }),
  },
  {
    id: 'mesh-existing', title: 'a mesh password from an existing Secret: the nodes reach Established', verdict: 'established',
    build: async (a) => {
      const e = await a.meshPassword({ install: 'operator', password: { kind: 'existing', name: 'mesh-md5', key: 'md5' }, asNumber: 64512 });
      return { install: 'operator', objects: [userCreatedSecret('operator', 'mesh-md5', 'md5', unrelatedPassword()), ...e.objects] };
    },
  },
  {
    id: 'mesh-mid-rotation', title: 'nodes holding different rotations of the mesh password stay down', verdict: 'down', needsSeed: true,
    build: async (a) => ({
      install: 'operator',
      objects: (await a.meshPassword({ install: 'operator', password: { kind: 'generate', seed: RUN_SEED, rotation: 1 }, asNumber: 64512 })).objects,
      objectsB: (await a.meshPassword({ install: 'operator', password: { kind: 'generate', seed: RUN_SEED, rotation: 0 }, asNumber: 64512 })).objects,
    }),
  },
  {
    id: 'mesh-no-role-binding', title: 'without the RoleBinding both nodes fail open and the mesh runs without a password', verdict: 'fail-open-up',
    build: async (a) => ({ install: 'operator', objects: without((await a.meshPassword({ install: 'operator', password: { kind: 'generate' }, asNumber: 64512 })).objects, 'RoleBinding') }),
  },
];
