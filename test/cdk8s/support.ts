/**
 * Helpers for the cdk8s tests: read synthesized objects and check the relationships that keep a
 * password effective (the Secret, key, Role and RoleBinding a Calico object relies on exist, in
 * calico-node's namespace, ahead of it).
 */
import { App, Chart, Testing } from 'cdk8s';
import { expect } from 'vitest';
import { validateObject } from '../support/crd-validator';

/** A synthesized object, loosely typed. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

/** A fresh app and chart (optionally with a namespace). */
export function appAndChart(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace });
  return { app, chart };
}

/** Every object of a chart, in output order (validates the app first, like `cdk8s synth`). */
export function synth(chart: Chart): Obj[] {
  return Testing.synth(chart) as Obj[];
}

/** Every object of an app, in output order. */
export function synthApp(app: App): Obj[] {
  return app.charts.flatMap((c) => Testing.synth(c) as Obj[]);
}

/** The objects of one kind. */
export function ofKind(objects: Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind);
}

/** The secretKeyRef a Calico object reads its password from. */
export function passwordRef(o: Obj): { name: string; key: string } {
  return o.kind === 'BGPPeer' ? o.spec.password.secretKeyRef : o.spec.nodeMeshPassword.secretKeyRef;
}

/** Options of {@link expectSecured}. */
export interface ExpectSecuredOptions {
  /** calico-node's namespace. @default "calico-system" */
  readonly namespace?: string;
  /** calico-node's ServiceAccount. @default "calico-node" */
  readonly serviceAccount?: string;
  /** Whether the Secret is emitted too (not for existing Secrets). @default true */
  readonly secretEmitted?: boolean;
}

/**
 * Checks, for every BGPPeer and BGPConfiguration of `objects`, that: the Secret and key it names
 * exist in the namespace; a Role there grants exactly get/list/watch on secrets, on exactly the names
 * of Secrets the objects reference; a RoleBinding there binds that Role to calico-node's
 * ServiceAccount in that namespace; all of them come before the Calico object; and cluster-scoped
 * objects carry no namespace.
 */
export function expectSecured(objects: Obj[], options: ExpectSecuredOptions = {}): void {
  const ns = options.namespace ?? 'calico-system';
  const sa = options.serviceAccount ?? 'calico-node';
  const calico = objects.filter((o) => o.kind === 'BGPPeer' || o.kind === 'BGPConfiguration');
  expect(calico.length).toBeGreaterThan(0);
  const referenced = new Set(calico.map((o) => passwordRef(o).name));
  for (const o of calico) {
    const at = objects.indexOf(o);
    expect(o.metadata.namespace, `${o.kind} ${o.metadata.name} is cluster-scoped`).toBeUndefined();
    const ref = passwordRef(o);
    if (options.secretEmitted ?? true) {
      const secret = objects.find((s) => s.kind === 'Secret' && s.metadata.name === ref.name && s.metadata.namespace === ns);
      expect(secret, `Secret ${ns}/${ref.name}`).toBeDefined();
      expect(Object.keys(secret!.stringData ?? {}), `key ${ref.key} of Secret ${ref.name}`).toContain(ref.key);
      expect(objects.indexOf(secret!), 'Secret before the Calico object').toBeLessThan(at);
    }
    const roles = objects.filter((r) => r.kind === 'Role' && r.metadata.namespace === ns
      && r.rules.some((rule: any) => rule.resourceNames?.includes(ref.name)));
    expect(roles, `one Role naming ${ref.name}`).toHaveLength(1);
    const role = roles[0];
    expect(role.rules).toHaveLength(1);
    expect(role.rules[0].apiGroups).toEqual(['']);
    expect(role.rules[0].resources).toEqual(['secrets']);
    expect([...role.rules[0].verbs].sort()).toEqual(['get', 'list', 'watch']);
    for (const name of role.rules[0].resourceNames) expect(referenced, `Role grants only referenced Secrets (${name})`).toContain(name);
    const binding = objects.find((b) => b.kind === 'RoleBinding' && b.metadata.namespace === ns && b.roleRef.name === role.metadata.name);
    expect(binding, `RoleBinding for Role ${role.metadata.name}`).toBeDefined();
    expect(binding!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding!.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: ns }]);
    expect(objects.indexOf(role), 'Role before the Calico object').toBeLessThan(at);
    expect(objects.indexOf(binding!), 'RoleBinding before the Calico object').toBeLessThan(at);
  }
  for (const o of objects.filter((x) => ['Secret', 'Role', 'RoleBinding'].includes(x.kind))) {
    expect(o.metadata.namespace, `${o.kind} ${o.metadata.name} in calico-node's namespace`).toBe(ns);
  }
}

/** Validates every object against the vendored CRDs (schema and CEL) or kubernetes-models. */
export function expectValid(objects: Obj[], calicoVersion: 'v3.32.1' | 'v3.28.5' | 'release-v3.33-branch' = 'v3.32.1'): void {
  for (const o of objects) {
    expect(validateObject(o, { version: calicoVersion }), `${o.kind} ${o.metadata.name}`).toEqual([]);
  }
}

/** The validation error message of synthesizing `chart`, or undefined when it synthesizes. */
export function synthError(chart: Chart): string | undefined {
  try {
    Testing.synth(chart);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A seed for tests only (hex, 256 bits, from `openssl rand -hex 32`: a typed pattern is refused as low-entropy). */
export const TEST_SEED = '1e09dcffa1d3deea6bdc016a1eebbdc3fecc5df7e94c1de9d03d9f5dbb354fb1';
/** Another seed for tests only. */
export const OTHER_SEED = '8f96f0f742a3a8090373336c5dd6a813cb14a956e5f0b464487eb414c13671b9';

/** The password values of every Secret in `objects` (to check they never appear elsewhere). */
export function passwords(objects: Obj[]): string[] {
  return ofKind(objects, 'Secret').flatMap((s) => Object.values(s.stringData ?? {}) as string[]);
}
