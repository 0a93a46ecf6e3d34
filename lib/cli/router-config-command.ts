import { ManifestInputError, readManifests, expandDocuments, latestObjects, readSecretValue } from '../audit';
import { checkAsNumber, CalicoInstall, BgpPeerSpec } from '../calico';
import { ValidationError } from '../errors';
import {
  RouterTarget, ROUTER_TARGETS, ROUTER_TARGET_NAMES, renderRouterConfig, routerConfigInputFromPeers,
} from '../router';
import { INSTALL_HELP, INSTALL_OPTIONS, installFromFlags } from './install-flags';
import { CliIo, EXIT, UsageError, integer, oneOf, parseCommandArgs } from './io';

/** `calico-bgp-auth router-config --help`. */
export const ROUTER_CONFIG_HELP = [
  'Usage: calico-bgp-auth router-config --target TARGET (--node-address IP... | --node-cidr CIDR...) [options] PATH...|-',
  '',
  'Writes the router\'s side of secured BGPPeers: the neighbours (or a peer group with listen ranges)',
  'for the Calico nodes, with the password. The BGPPeers (and, to check or include the password, their',
  'Secret) are read from manifests, as for audit. By default the password is replaced by a',
  'placeholder naming the Secret, and the output is not secret.',
  '',
  'Options:',
  `  --target TARGET                One of ${ROUTER_TARGET_NAMES.join(', ')}.`,
  '  --peer NAME                    Use this BGPPeer (repeatable). Default: every BGPPeer with a password;',
  '                                 they must share one Secret key and one router.',
  '  --node-address IP              A Calico node\'s address, rendered as a neighbour (repeatable).',
  '  --node-cidr CIDR               A block holding the nodes\' addresses, rendered as dynamic',
  '                                 neighbours (repeatable).',
  '  --cluster-as N                 The nodes\' AS when the BGPPeers set no spec.localASNumber.',
  '                                 Default: asNumber of the default BGPConfiguration among the inputs.',
  '  --router-as N                  The router\'s AS, checked against the BGPPeers\' spec.asNumber.',
  '  --router-address IP            The router\'s address, checked against the BGPPeers\' spec.peerIP.',
  '  --router-id A.B.C.D            The router\'s BGP identifier. Default: its IPv4 address.',
  '  --peer-group NAME              The peer group\'s name. Default: calico.',
  '  --description TEXT             The peer group\'s description.',
  '  --ebgp-multihop N              The eBGP TTL when the nodes are not directly connected (1 to 255).',
  '  --include-password             Write the password itself, read from the Secret among the inputs.',
  '                                 The output is then as secret as the password.',
  ...INSTALL_HELP,
  '  -h, --help                     Show this help.',
].join('\n');

/** The flags it parses (besides -h, --help). */
export const OPTIONS = {
  ...INSTALL_OPTIONS,
  'target': { type: 'string' },
  'peer': { type: 'string', multiple: true },
  'node-address': { type: 'string', multiple: true },
  'node-cidr': { type: 'string', multiple: true },
  'cluster-as': { type: 'string' },
  'router-as': { type: 'string' },
  'router-address': { type: 'string' },
  'router-id': { type: 'string' },
  'peer-group': { type: 'string' },
  'description': { type: 'string' },
  'ebgp-multihop': { type: 'string' },
  'include-password': { type: 'boolean' },
} as const;

/** Props of the router model, as the flags name them. */
const FLAGS: Record<string, string> = {
  clusterASNumber: '--cluster-as', routerASNumber: '--router-as', routerAddress: '--router-address', routerId: '--router-id',
  nodeAddresses: '--node-address', nodeCIDRs: '--node-cidr', peerGroup: '--peer-group', description: '--description',
  ebgpMultihop: '--ebgp-multihop',
};

function flagged(message: string): string {
  return message.replace(/'(\w+)'/g, (m, prop: string) => (FLAGS[prop] ? `'${FLAGS[prop]}'` : m));
}

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});

/**
 * The password as calico-node reads it from the Secret among the inputs (the audit's reading: the
 * last definition, stringData over data, base64 with line breaks ignored), or undefined without
 * that Secret or key. A value that is not UTF-8 text is refused: rendered as text it would become
 * U+FFFD replacement characters, not the bytes calico-node hands BIRD. Never names the value.
 */
function secretValue(
  objects: ReturnType<typeof expandDocuments>,
  install: CalicoInstall,
  name: string,
  key: string,
): string | undefined {
  const secret = objects.find(
    (o) => o.kind === 'Secret' && o.apiVersion === 'v1' && o.name === name && o.namespace === install.namespace,
  );
  if (!secret) return undefined;
  const value = readSecretValue(secret.raw, key);
  const where = `Secret '${install.namespace}/${name}'`;
  if (!value.ok) {
    if (value.rule === 'absent') return undefined;
    throw new UsageError(
      `${where}: ${value.detail} ${value.rule === 'secret.invalid-base64' ? 'It is not valid base64, so' : 'The value is not a string, so'} the API server refuses the Secret.`,
      'router-config',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value.bytes);
  } catch {
    throw new UsageError(
      `${where}: key '${key}' in ${value.field.split('.')[0]} is not valid UTF-8 text. calico-node uses its bytes as they are, ` +
        "and no router configuration written as text can hold the same bytes: store a password of UTF-8 text (for example from 'calico-bgp-auth password').",
      'router-config',
    );
  }
}

/** Runs `router-config`; returns the exit status. */
export function routerConfigCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('router-config', args, OPTIONS, true);
  if (values.help) {
    io.stdout(`${ROUTER_CONFIG_HELP}\n`);
    return EXIT.OK;
  }
  if (values.target === undefined) {
    throw new UsageError(`'--target' is required: one of ${ROUTER_TARGET_NAMES.join(', ')}.`, 'router-config');
  }
  const target: RouterTarget = oneOf('router-config', '--target', values.target, ROUTER_TARGET_NAMES, 'frr');
  const install = installFromFlags('router-config', values);
  if (positionals.length === 0) {
    throw new UsageError('Name at least one PATH holding the BGPPeers, or - to read standard input.', 'router-config');
  }
  let objects;
  try {
    // As kubectl apply leaves them: the last of duplicate definitions.
    objects = latestObjects(expandDocuments(readManifests(positionals, { readStdin: io.readStdin }))).objects;
  } catch (e) {
    if (e instanceof ManifestInputError) throw new UsageError(e.message, 'router-config');
    throw e;
  }
  const peers = objects.filter((o) => o.kind === 'BGPPeer' && /^(crd\.)?projectcalico\.org\//.test(o.apiVersion));
  const wanted = values.peer ?? [];
  const unknown = wanted.filter((n) => !peers.some((p) => p.name === n));
  if (unknown.length) {
    throw new UsageError(`No BGPPeer named ${unknown.map((n) => `'${n}'`).join(', ')} among the inputs.`, 'router-config');
  }
  const ref = (p: typeof peers[number]) => rec(rec(rec(p.raw.spec).password).secretKeyRef);
  const chosen = wanted.length ? peers.filter((p) => wanted.includes(p.name)) : peers.filter((p) => typeof ref(p).name === 'string');
  if (chosen.length === 0) {
    throw new UsageError('No BGPPeer with spec.password.secretKeyRef among the inputs.', 'router-config');
  }
  const unprotected = chosen.filter((p) => typeof ref(p).name !== 'string' || typeof ref(p).key !== 'string');
  if (unprotected.length) {
    throw new UsageError(`BGPPeer ${unprotected.map((p) => `'${p.name}'`).join(', ')} has no spec.password.secretKeyRef with a name and a key: there is no password to configure on the router.`, 'router-config');
  }
  const refs = new Set(chosen.map((p) => `${String(ref(p).name)}/${String(ref(p).key)}`));
  if (refs.size !== 1) {
    throw new UsageError(`The BGPPeers ${chosen.map((p) => `'${p.name}'`).join(', ')} do not share one spec.password.secretKeyRef; pick the ones of one router with --peer.`, 'router-config');
  }
  const secretKeyRef = { name: String(ref(chosen[0]).name), key: String(ref(chosen[0]).key) };
  const password = secretValue(objects, install, secretKeyRef.name, secretKeyRef.key);
  if (values['include-password'] && password === undefined) {
    throw new UsageError(`'--include-password' needs Secret '${install.namespace}/${secretKeyRef.name}' with key '${secretKeyRef.key}' among the inputs.`, 'router-config');
  }
  const defaultConfig = objects.find((o) => o.kind === 'BGPConfiguration' && o.name === 'default');
  const configAS = rec(defaultConfig?.raw.spec).asNumber as string | number | undefined;
  if (values['cluster-as'] === undefined && configAS !== undefined && checkAsNumber('asNumber', configAS).length > 0) {
    throw new UsageError('The default BGPConfiguration\'s spec.asNumber is not an AS number (1 to 4294967295, or asdot \'a.b\'): fix it, or pass the nodes\' AS with \'--cluster-as\'.', 'router-config');
  }
  const clusterAS = values['cluster-as'] ?? configAS;
  try {
    const input = routerConfigInputFromPeers({
      peers: chosen.map((p) => {
        const { password: _ignored, ...spec } = rec(p.raw.spec);
        return { name: p.name, spec: spec as BgpPeerSpec };
      }),
      secretKeyRef,
      install,
      password,
      includePassword: values['include-password'] ?? false,
      clusterASNumber: clusterAS,
      routerASNumber: values['router-as'],
      routerAddress: values['router-address'],
      routerId: values['router-id'],
      nodeAddresses: values['node-address'],
      nodeCIDRs: values['node-cidr'],
      peerGroup: values['peer-group'],
      description: values.description,
      ebgpMultihop: integer('router-config', '--ebgp-multihop', values['ebgp-multihop'], 1, 255),
    });
    io.stdout(renderRouterConfig(target, input));
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new UsageError(e.problems.map((p) => flagged(p.message)).join('\n'), 'router-config');
    }
    // The core checks typed specs; a manifest's field of another type makes a rule throw.
    if (e instanceof TypeError) {
      throw new UsageError(`BGPPeer ${chosen.map((p) => `'${p.name}'`).join(', ')}: a spec field has another type than the BGPPeer CRD's (for example a selector that is not a string), so the API server refuses it.`, 'router-config');
    }
    throw e;
  }
  if (values['include-password']) {
    io.stderr(`calico-bgp-auth router-config: the ${ROUTER_TARGETS[target].displayName} configuration holds the password; keep it out of Git, logs and CI artifacts.\n`);
  }
  return EXIT.OK;
}
