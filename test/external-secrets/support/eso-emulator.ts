/**
 * A stand-in for the external-secrets controller, for end-to-end tests without a cluster: it
 * writes the Secret of every generator-backed ExternalSecret the way the settings the library
 * emits make the real controller behave (pkg/controllers/externalsecret, v2.9.0):
 *
 * - the value comes from the referenced namespaced `Password` generator (simulated: see
 *   go-password.ts), rendered through `target.template.data` (only `{{ .password }}` is used);
 * - created once: a Secret that already exists is kept as it is (`refreshPolicy: CreatedOnce`,
 *   `immutable: true`), whatever the ExternalSecret says now;
 * - the Secret gets the template's labels, `immutable: true`, and base64 `data`.
 *
 * Returns the cluster's Secrets after the sync; never logs a value.
 */
import type { K8sObject } from '../../e2e/support/calico-node';
import { simulateGenerator } from './go-password';

const TEMPLATE = /^\{\{\s*\.password\s*\}\}$/;

export function syncGeneratedSecrets(
  manifest: readonly K8sObject[],
  clusterSecrets: readonly K8sObject[] = [],
): K8sObject[] {
  const secrets = [...clusterSecrets];
  for (const es of manifest.filter((o) => o.kind === 'ExternalSecret' && o.apiVersion === 'external-secrets.io/v1')) {
    const ns = es.metadata?.namespace;
    const target = es.spec?.target?.name ?? es.metadata?.name;
    if (secrets.some((s) => s.metadata?.name === target && s.metadata?.namespace === ns)) continue;
    const ref = es.spec?.dataFrom?.[0]?.sourceRef?.generatorRef;
    if (ref?.kind !== 'Password') continue;
    const generator = manifest.find(
      (o) => o.kind === 'Password' && o.metadata?.name === ref.name && o.metadata?.namespace === ns,
    );
    if (!generator) {
      throw new Error(`ExternalSecret ${ns}/${es.metadata?.name}: generator ${ref.name} not found in its namespace`);
    }
    const password = simulateGenerator(generator.spec);
    const data: Record<string, string> = {};
    for (const [key, tpl] of Object.entries(es.spec.target.template.data as Record<string, string>)) {
      if (!TEMPLATE.test(tpl)) {
        throw new Error(`ExternalSecret ${es.metadata?.name}: template of key ${key} is not {{ .password }}`);
      }
      data[key] = password.toString('base64');
    }
    secrets.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      immutable: true,
      data,
      metadata: { name: target, namespace: ns, labels: { ...es.spec.target.template.metadata?.labels } },
    });
  }
  return secrets;
}
