import { Problem, ValidationError, problem } from '../errors';
import { checkName } from './fields';

/** How Calico was installed, which decides where calico-node looks for password Secrets. */
export interface CalicoInstall {
  /** `operator` (tigera-operator), `manifest` (calico.yaml or the Helm chart) or `custom`. */
  readonly flavor: 'operator' | 'manifest' | 'custom';
  /** calico-node's `NAMESPACE`: where the Secret, Role and RoleBinding must live. */
  readonly namespace: string;
  /** calico-node's ServiceAccount, which the RoleBinding names. */
  readonly serviceAccount: string;
}

/** tigera-operator installs: calico-node runs in `calico-system` with NAMESPACE set to it. */
export const OPERATOR_INSTALL: CalicoInstall = { flavor: 'operator', namespace: 'calico-system', serviceAccount: 'calico-node' };
/** manifest / Helm installs: NAMESPACE is unset, so confd falls back to `kube-system`. */
export const MANIFEST_INSTALL: CalicoInstall = { flavor: 'manifest', namespace: 'kube-system', serviceAccount: 'calico-node' };

/** An install given by name, or a custom one. */
export type CalicoInstallInput = 'operator' | 'manifest' | { readonly namespace: string; readonly serviceAccount?: string };

/** Resolves an install input; the default is the operator layout. */
export function resolveInstall(input: CalicoInstallInput | CalicoInstall | undefined): CalicoInstall {
  if (input === undefined || input === 'operator') return OPERATOR_INSTALL;
  if (input === 'manifest') return MANIFEST_INSTALL;
  if (typeof input !== 'object') {
    throw new ValidationError([problem('install', 'calico.install',
      `'install' (${String(input)}) must be 'operator', 'manifest' or { namespace, serviceAccount }.`)]);
  }
  // An install resolved before keeps its flavour (operator/manifest constants, or a custom one).
  const flavor = 'flavor' in input && (input.flavor === 'operator' || input.flavor === 'manifest') ? input.flavor : 'custom';
  const install: CalicoInstall = { flavor, namespace: input.namespace, serviceAccount: input.serviceAccount ?? 'calico-node' };
  const problems: Problem[] = [...checkLabel('install.namespace', install.namespace), ...checkName('install.serviceAccount', install.serviceAccount)];
  if (problems.length) throw new ValidationError(problems);
  return install;
}

function checkLabel(field: string, value: string): Problem[] {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && value.length <= 63 ? [] : [problem(field, 'k8s.namespace',
    `'${field}' (${value}) must be a DNS-1123 label: at most 63 lowercase letters, digits and '-'.`)];
}
