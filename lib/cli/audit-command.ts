import { auditManifests, readManifests, ManifestInputError } from '../audit';
import { CALICO_VERSIONS, DEFAULT_CALICO_VERSION } from '../calico';
import { formatJson, formatText } from './format';
import { INSTALL_HELP, INSTALL_OPTIONS, installFromFlags } from './install-flags';
import { CliIo, EXIT, UsageError, oneOf, parseCommandArgs } from './io';

/** `calico-bgp-auth audit --help`. */
export const AUDIT_HELP = [
  'Usage: calico-bgp-auth audit [options] PATH... ',
  '       calico-bgp-auth audit [options] -',
  '',
  'Reads Kubernetes manifests and reports BGP passwords that are missing, that calico-node cannot',
  'read (it then peers without a password, silently), or that break the floor rules. Password',
  'values are never printed.',
  '',
  'PATH is a YAML or JSON file (multi-document, or `kubectl get -o yaml` List output), a directory',
  '(read as kubectl apply -R -f reads it: *.json, *.yaml, *.yml, hidden ones included, links not',
  'followed; e.g. a cdk8s dist/), or - for standard input. Of duplicate objects the last counts.',
  '',
  'Give it everything calico-node depends on: the BGPPeers and BGPConfigurations, the password',
  'Secrets, and the Roles and RoleBindings in calico-node\'s namespace. From a cluster:',
  '  kubectl get bgppeers.projectcalico.org,bgpconfigurations.projectcalico.org -o yaml > calico.yaml',
  '  kubectl get secrets,roles,rolebindings -n calico-system -o yaml > access.yaml',
  '  calico-bgp-auth audit calico.yaml access.yaml',
  '',
  'Options:',
  ...INSTALL_HELP,
  '  --format text|json             Output format. Default: text. JSON has a stable shape for CI:',
  '                                 { version, install, objects, summary, findings[] }.',
  '  --fail-on error|warning|never  Exit with status 1 when a finding is at least this severe.',
  '                                 Default: error.',
  `  --calico-version V             The Calico release the objects are for (${CALICO_VERSIONS.join(', ')}).`,
  `                                 What that release refuses is an error. Default: ${DEFAULT_CALICO_VERSION}.`,
  '  -h, --help                     Show this help.',
  '',
  'Exit status: 0 no finding at or above --fail-on; 1 findings; 2 usage or input error.',
].join('\n');

/** The flags it parses (besides -h, --help). */
export const OPTIONS = {
  ...INSTALL_OPTIONS,
  'format': { type: 'string' },
  'fail-on': { type: 'string' },
  'calico-version': { type: 'string' },
} as const;

/** Runs `audit`; returns the exit status. */
export function auditCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('audit', args, OPTIONS, true);
  if (values.help) {
    io.stdout(`${AUDIT_HELP}\n`);
    return EXIT.OK;
  }
  const format = oneOf('audit', '--format', values.format, ['text', 'json'] as const, 'text');
  const failOn = oneOf('audit', '--fail-on', values['fail-on'], ['error', 'warning', 'never'] as const, 'error');
  const calicoVersion = oneOf('audit', '--calico-version', values['calico-version'], CALICO_VERSIONS, DEFAULT_CALICO_VERSION);
  const install = installFromFlags('audit', values);
  if (positionals.length === 0) {
    throw new UsageError('Name at least one PATH to audit, or - to read standard input.', 'audit');
  }
  let docs;
  try {
    docs = readManifests(positionals, { readStdin: io.readStdin });
  } catch (e) {
    if (e instanceof ManifestInputError) throw new UsageError(e.message, 'audit');
    throw e;
  }
  const report = auditManifests(docs, { install, calicoVersion });
  // Zero objects is a wrong path far more often than a clean cluster: refuse rather than pass CI.
  if (report.objectCount === 0) {
    throw new UsageError(`No manifests found in ${positionals.map((p) => `'${p}'`).join(', ')}.`, 'audit');
  }
  io.stdout(format === 'json' ? formatJson(report) : formatText(report));
  const failing = report.findings.some((f) => failOn === 'warning' || (failOn === 'error' && f.severity === 'error'));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}
