import { CalicoInstall, resolveInstall } from '../calico';
import { ValidationError } from '../errors';
import { UsageError, oneOf } from './io';

/** The options every command that follows calico-node's install takes. */
export const INSTALL_OPTIONS = {
  'install': { type: 'string' },
  'namespace': { type: 'string' },
  'service-account': { type: 'string' },
} as const;

/** Their help lines. */
export const INSTALL_HELP = [
  '  --install operator|manifest    How Calico is installed: operator (tigera-operator, calico-node in',
  '                                 calico-system) or manifest (calico.yaml or Helm, kube-system).',
  '                                 Default: operator.',
  '  --namespace NAMESPACE          calico-node\'s namespace, for other layouts (overrides --install).',
  '  --service-account NAME         calico-node\'s ServiceAccount. Default: calico-node.',
];

/** The install the flags describe, checked by the core's `resolveInstall`. */
export function installFromFlags(command: string, values: { 'install'?: string; 'namespace'?: string; 'service-account'?: string }): CalicoInstall {
  const flavor = oneOf(command, '--install', values.install, ['operator', 'manifest'] as const, 'operator');
  try {
    const base = resolveInstall(flavor);
    if (values.namespace === undefined && values['service-account'] === undefined) return base;
    return resolveInstall({ namespace: values.namespace ?? base.namespace, serviceAccount: values['service-account'] ?? base.serviceAccount });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new UsageError(e.problems.map((p) => p.message.replace('\'install.namespace\'', '\'--namespace\'')
      .replace('\'install.serviceAccount\'', '\'--service-account\'')).join(' '), command);
  }
}
