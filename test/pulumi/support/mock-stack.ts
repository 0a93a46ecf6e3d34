/**
 * Test support: runs Pulumi programs under `pulumi.runtime.setMocks` and records every resource
 * registration as the engine would receive it: type, name, URN, parent URN, dependency URNs and the
 * serialized inputs with their secret markers intact. Mocks need no provider plugin.
 *
 * The mock monitor of @pulumi/pulumi 3.248 passes only `type, name, inputs, provider, custom, id`
 * to `newResource` (no parent, no dependencies, secrets unwrapped), so the recorder wraps the
 * monitor's `registerResource` / `registerResourceOutputs` to read the request itself.
 */
import { randomBytes } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';

/** The marker Pulumi's wire format puts on a secret value (`specialSigKey` / `specialSecretSig` in runtime/rpc.ts). */
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** One resource registration, as sent to the engine. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  urn: string;
  readonly parent: string;
  readonly dependencies: readonly string[];
  /** The inputs as serialized for the engine: secrets are `{ [SIG_KEY]: SECRET_SIG, value }`. */
  readonly raw: Record<string, unknown>;
  /** The inputs with secret markers removed. */
  readonly inputs: Record<string, any>;
}

/** Whether `v` is a serialized secret. */
export function isSecretValue(v: unknown): v is { value: unknown } {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `v` with every secret marker replaced by its value. */
export function unwrapSecrets(v: unknown): any {
  if (isSecretValue(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  return v;
}

/** Every string in `v` that is not inside a secret marker, with its path. */
export function plainStrings(v: unknown, path = ''): Array<{ path: string; value: string }> {
  if (isSecretValue(v)) return [];
  if (typeof v === 'string') return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainStrings(x, `${path}[${i}]`));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => plainStrings(x, path ? `${path}.${k}` : k));
  return [];
}

/** A program run under mocks. */
export interface MockStack {
  /** Every resource registered, in order. */
  readonly registrations: Registration[];
  /** The outputs each component registered (`registerOutputs`), serialized, by URN. */
  readonly componentOutputs: Map<string, Record<string, unknown>>;
  /** Waits until every pending registration and output has reached the (mock) engine. */
  settle(): Promise<void>;
  /**
   * For a program whose deployment fails (an input rejects): the runtime then never reports it is
   * done, so wait until nothing new is registered for a while instead. Later `settle` calls and the
   * next {@link startMockStack} do the same.
   */
  settleFailing(): Promise<void>;
  /** The registrations of one type token. */
  ofType(type: string): Registration[];
  /** The registration with this URN. */
  byUrn(urn: string): Registration | undefined;
  /** The Kubernetes objects registered (`kubernetes:` types), secrets unwrapped: what `pulumi up` would apply. */
  kubeObjects(): Array<Record<string, any>>;
}

/** Options of {@link startMockStack}. */
export interface MockStackOptions {
  /**
   * The `base64` a RandomBytes returns, given its length, name and keepers (a stand-in for the state
   * the provider keeps between runs). @default fresh random bytes
   */
  readonly entropy?: (length: number, name: string, keepers: Record<string, string>) => string;
  /** Stack config, e.g. `{ 'project:routeReflectorPassword': '...' }`. @default none */
  readonly config?: Record<string, string>;
  /**
   * The outputs of the stacks a program reads with `pulumi.StackReference`, by stack name.
   *
   * @default none (a reference has no outputs)
   */
  readonly stackOutputs?: Record<string, Record<string, unknown>>;
  /** Mocks to use instead of the recorder's own (`entropy` is then ignored), e.g. a user's. @default the recorder's */
  readonly mocks?: pulumi.runtime.Mocks;
}

/**
 * Sets fresh mocks (a fresh monitor, so components' per-program name checks start empty) and
 * returns the recorder. Call before constructing resources or importing a program.
 */
export async function startMockStack(options: MockStackOptions = {}): Promise<MockStack> {
  // Let the previous test's registrations reach its own monitor first.
  await current?.settle();
  const entropy = options.entropy ?? ((n: number) => randomBytes(n).toString('base64'));
  // Replaces the whole config, so a previous test's values do not leak in.
  const config = options.config ?? {};
  pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => k.endsWith('Password')));
  await pulumi.runtime.setMocks(options.mocks ?? {
    newResource: (args) => {
      if (args.type === 'random:index/randomBytes:RandomBytes') {
        const base64 = entropy(args.inputs.length, args.name, args.inputs.keepers ?? {});
        return { id: `${args.name}-id`, state: { ...args.inputs, base64, hex: Buffer.from(base64, 'base64').toString('hex') } };
      }
      if (args.type === 'pulumi:pulumi:StackReference') {
        return { id: `${args.name}-id`, state: { ...args.inputs, outputs: options.stackOutputs?.[args.inputs.name] ?? {} } };
      }
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, 'project', 'stack');
  const registrations: Registration[] = [];
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
    const raw = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const rec: Registration = {
      type: req.getType(), name: req.getName(), urn: '', parent: req.getParent(), dependencies: req.getDependenciesList(), raw, inputs: unwrapSecrets(raw),
    };
    registrations.push(rec);
    return register(req, (err: unknown, resp: any) => {
      if (resp) rec.urn = resp.getUrn();
      callback(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
    componentOutputs.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
    return registerOutputs(req, callback);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getStore } = require('@pulumi/pulumi/runtime/state') as { getStore: () => { settings: { rpcDone: Promise<void> } } };
  let failing = false;
  const quiet = async (ms: number) => {
    for (let seen = -1; seen !== registrations.length + componentOutputs.size;) {
      seen = registrations.length + componentOutputs.size;
      await new Promise((r) => setTimeout(r, ms));
    }
  };
  current = {
    registrations,
    componentOutputs,
    async settleFailing() {
      failing = true;
      await quiet(200);
    },
    async settle() {
      if (failing) return quiet(200);
      // As runtime/settings.ts disconnect() does: wait until no new RPC started while waiting.
      for (;;) {
        const done = getStore().settings.rpcDone;
        await done;
        await new Promise((r) => setTimeout(r, 0));
        if (done === getStore().settings.rpcDone) return;
      }
    },
    ofType: (type) => registrations.filter((r) => r.type === type),
    byUrn: (urn) => registrations.find((r) => r.urn === urn),
    kubeObjects: () => registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs),
  };
  return current;
}

let current: MockStack | undefined;

/** The value of an Output (resolved under mocks). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** Type tokens of the resources the components emit. */
export const TYPES = {
  peer: 'calico-bgp-auth:index:SecuredBgpPeer',
  mesh: 'calico-bgp-auth:index:MeshPassword',
  shared: 'calico-bgp-auth:index:BgpPasswordSecret',
  secret: 'kubernetes:core/v1:Secret',
  role: 'kubernetes:rbac.authorization.k8s.io/v1:Role',
  roleBinding: 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
  bgpPeer: 'kubernetes:projectcalico.org/v3:BGPPeer',
  bgpConfiguration: 'kubernetes:projectcalico.org/v3:BGPConfiguration',
  randomBytes: 'random:index/randomBytes:RandomBytes',
} as const;
