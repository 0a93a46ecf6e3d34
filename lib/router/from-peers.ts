import { Problem, problem, throwIfProblems } from '../errors';
import {
  checkAsNumber, checkName, isSet, parseAsNumber, parsePeerIP, CalicoInstall, CalicoInstallInput, resolveInstall,
  checkSecretKey, checkBgpPeerSpec, AsNumber, BgpPeerSpec, SecretKeyRef,
} from '../calico';
import { formatAddress, parseAddress } from './addresses';
import { DEFAULT_ROUTER_DESCRIPTION, checkOptionTypes } from './model';
import { RouterConfigInput } from './types';

/** The BGP port; Calico's peerIP may name another, which the renderers cannot express everywhere. */
const BGP_PORT = 179;

/** One BGPPeer whose router side is rendered. */
export interface RouterPeerSource {
  /** The BGPPeer's name. */
  readonly name: string;
  /** The BGPPeer's spec (`password` aside). */
  readonly spec: BgpPeerSpec;
}

/**
 * What a caller adds to what the BGPPeers say, to render the router's side. This is what the
 * cdk8s and Pulumi `routerConfig(target, options)` methods and the CLI's `router-config` take.
 */
export interface RouterConfigOptions {
  /**
   * The Calico nodes' AS number when the BGPPeers leave `spec.localASNumber` unset: the default
   * BGPConfiguration's `asNumber` (64512 when it sets none). Nodes with their own AS in their Node
   * resource are not covered.
   * @default none: required unless every BGPPeer sets `spec.localASNumber`
   */
  readonly clusterASNumber?: AsNumber;
  /**
   * The nodes' addresses, rendered as explicit neighbours.
   * @default none: one of `nodeAddresses` and `nodeCIDRs` is required
   */
  readonly nodeAddresses?: readonly string[];
  /**
   * Blocks holding the nodes' addresses (e.g. the node subnet), rendered as dynamic neighbours.
   * @default none: one of `nodeAddresses` and `nodeCIDRs` is required
   */
  readonly nodeCIDRs?: readonly string[];
  /**
   * The router's AS, checked against the BGPPeers' `spec.asNumber`.
   * @default the BGPPeers' `spec.asNumber`
   */
  readonly routerASNumber?: AsNumber;
  /**
   * The router's address, checked against the BGPPeers' `spec.peerIP`; required with
   * `spec.localWorkloadSelector`, where the router is the selected workload.
   * @default the address in the BGPPeers' `spec.peerIP`
   */
  readonly routerAddress?: string;
  /** The router's BGP identifier. @default the router address when it is IPv4 */
  readonly routerId?: string;
  /** The peer group name. @default "calico" */
  readonly peerGroup?: string;
  /** The group description. @default "Calico nodes (BGPPeer <names>)" when it fits in 80 characters */
  readonly description?: string;
  /**
   * Write the password itself. The result is then as secret as the password.
   * @default false: a placeholder naming the Secret
   */
  readonly includePassword?: boolean;
  /** The eBGP TTL for nodes not directly connected to the router. @default none: directly connected */
  readonly ebgpMultihop?: number;
}

/** Inputs of {@link routerConfigInputFromPeers}. */
export interface RouterConfigFromPeersProps extends RouterConfigOptions {
  /** The BGPPeers sharing one Secret and one router (one BGPPeer is the common case). */
  readonly peers: readonly RouterPeerSource[];
  /** The Secret key the BGPPeers read their password from. */
  readonly secretKeyRef: SecretKeyRef;
  /** The install calico-node runs in, which holds the Secret. @default "operator" */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /** The password, when the caller has it (it is checked even when not included). @default none */
  readonly password?: string;
}

/** Every problem of `props`, beyond those {@link renderRouterConfig} finds in the result. */
export function checkRouterConfigPeers(props: RouterConfigFromPeersProps): Problem[] {
  return build(props).problems;
}

/**
 * Builds the input of {@link renderRouterConfig} from what secured BGPPeers know: the router's
 * AS (`spec.asNumber`) and address (`spec.peerIP`), the nodes' AS (`spec.localASNumber`, else
 * `clusterASNumber`), and where the password lives (`secretKeyRef` in the install's namespace).
 * Several BGPPeers may share the router and the Secret (e.g. one per rack, by `nodeSelector`).
 * Throws a ValidationError listing every problem.
 */
export function routerConfigInputFromPeers(props: RouterConfigFromPeersProps): RouterConfigInput {
  const { problems, input } = build(props);
  throwIfProblems(problems, 'Router configuration');
  return input!;
}

function build(props: RouterConfigFromPeersProps): { problems: Problem[]; input?: RouterConfigInput } {
  const problems: Problem[] = [];
  const p = (field: string, rule: string, message: string) => problems.push(problem(field, rule, message));
  if (props.peers.length === 0) {
    p('peers', 'router.peers-required',
      '\'peers\' must name at least one BGPPeer: the router configuration is the other end of a peering.');
  }
  problems.push(...checkName('secretKeyRef.name', props.secretKeyRef.name), ...checkSecretKey('secretKeyRef.key', props.secretKeyRef.key));
  // The options' types and AS numbers first: a value of the wrong type must be named, not crash
  // or be dropped for the BGPPeers' value.
  problems.push(...checkAsNumber('clusterASNumber', props.clusterASNumber), ...checkAsNumber('routerASNumber', props.routerASNumber), ...checkOptionTypes(props));
  const typesOk = problems.length === 0;
  let install: CalicoInstall | undefined;
  try {
    install = resolveInstall(props.install);
  } catch (e) {
    problems.push(...((e as { problems?: Problem[] }).problems ?? []));
  }

  // The router as the caller or the first BGPPeer names it; every BGPPeer must agree.
  let routerAddress = props.routerAddress === undefined || typeof props.routerAddress !== 'string' ? undefined : canonical(props.routerAddress);
  let addressFrom = `'routerAddress' (${props.routerAddress})`;
  let routerAS = props.routerASNumber === undefined ? undefined : parseAsNumber(props.routerASNumber);
  let asFrom = `'routerASNumber' (${props.routerASNumber})`;
  let nodeAS: number | undefined;
  const nodes = new Set<string>();
  let everyPeerOneNode = props.peers.length > 0;
  props.peers.forEach(({ name, spec }, i) => {
    const at = `peers[${i}].spec`;
    problems.push(...checkName(`peers[${i}].name`, name), ...checkBgpPeerSpec(spec).map((x) => ({ ...x, field: `peers[${i}].${x.field}` })));
    if (isSet(spec.peerSelector)) {
      p(`${at}.peerSelector`, 'router.peer-selector',
        `BGPPeer '${name}' peers Calico nodes with Calico nodes ('spec.peerSelector'): both ends read the same Secret, so there is no router configuration to write.`);
      return;
    }
    if (isSet(spec.node)) nodes.add(spec.node!); else everyPeerOneNode = false;
    const peer = isSet(spec.peerIP) ? parsePeerIP(spec.peerIP!) : undefined;
    if (peer?.port !== undefined && peer.port !== BGP_PORT) {
      p(`${at}.peerIP`, 'router.port',
        `BGPPeer '${name}' reaches the router on port ${peer.port}; the rendered configurations assume BGP's port ${BGP_PORT}. Configure the router's listening port yourself, or use port ${BGP_PORT}.`);
    }
    const address = peer ? canonical(peer.address) : undefined;
    if (address === undefined && isSet(spec.localWorkloadSelector) && props.routerAddress === undefined) {
      p('routerAddress', 'router.address-required',
        `BGPPeer '${name}' selects local workloads ('spec.localWorkloadSelector'): pass the workload's address as 'routerAddress'.`);
    }
    if (address !== undefined) {
      if (routerAddress === undefined) {
        routerAddress = address;
        addressFrom = `BGPPeer '${name}' (${peer!.address})`;
      } else if (address !== routerAddress) {
        p(`${at}.peerIP`, 'router.address-mismatch',
          `BGPPeer '${name}' peers with ${peer!.address}, but ${addressFrom} names another router: one router configuration covers one router. Render one per router.`);
      }
    }
    const as = spec.asNumber === undefined ? undefined : parseAsNumber(spec.asNumber);
    if (as !== undefined) {
      if (routerAS === undefined) {
        routerAS = as;
        asFrom = `BGPPeer '${name}' (${spec.asNumber})`;
      } else if (as !== routerAS) {
        p(`${at}.asNumber`, 'router.as-mismatch',
          `BGPPeer '${name}' expects the router in AS ${spec.asNumber}, but ${asFrom} says AS ${routerAS}: Calico must expect the AS the router speaks. Make them agree.`);
      }
    }
    const local =
      spec.localASNumber !== undefined
        ? parseAsNumber(spec.localASNumber)
        : props.clusterASNumber !== undefined
          ? parseAsNumber(props.clusterASNumber)
          : undefined;
    if (spec.localASNumber === undefined && props.clusterASNumber === undefined) {
      p('clusterASNumber', 'router.node-as-required',
        `BGPPeer '${name}' does not set 'spec.localASNumber', so the nodes use the cluster's AS: pass it as 'clusterASNumber' (the default BGPConfiguration's asNumber, 64512 when it sets none).`);
    } else if (local !== undefined) {
      if (nodeAS === undefined) nodeAS = local;
      else if (local !== nodeAS) p(`${at}.localASNumber`, 'router.peers-differ', `BGPPeer '${name}' puts the nodes in AS ${local}, another BGPPeer in AS ${nodeAS}: one peer group has one remote AS. Render one configuration per node AS.`);
    }
  });
  if (routerAS === undefined && props.peers.length > 0 && problems.length === 0) {
    p('routerASNumber', 'router.as-required',
      'No BGPPeer says which AS the router speaks (\'spec.asNumber\' is unset or 0, which Calico reads as unset): pass it as \'routerASNumber\'.');
  }
  const addresses = Array.isArray(props.nodeAddresses) ? props.nodeAddresses : [];
  if (everyPeerOneNode && addresses.length > nodes.size) {
    p('nodeAddresses', 'router.node-addresses',
      `The BGPPeers apply to ${nodes.size} node(s) ('spec.node'), but 'nodeAddresses' lists ${addresses.length} addresses.`);
  }
  if (problems.length === 0 && typesOk) {
    // What none of the BGPPeers says and the caller did not pass: named, never an empty result.
    if (routerAddress === undefined) {
      p('routerAddress', 'router.address-required',
        'No BGPPeer names the router\'s address (spec.peerIP): pass it as \'routerAddress\'.');
    }
    if (routerAS === undefined) {
      p('routerASNumber', 'router.as-required',
        'No BGPPeer names the router\'s AS (spec.asNumber): pass it as \'routerASNumber\'.');
    }
    if (nodeAS === undefined) {
      p('clusterASNumber', 'router.node-as-required',
        'The nodes\' AS is unknown: pass it as \'clusterASNumber\' (the default BGPConfiguration\'s asNumber, 64512 when it sets none).');
    }
  }
  if (problems.length > 0 || !install) return { problems };
  if (routerAddress === undefined || routerAS === undefined || nodeAS === undefined) return { problems };

  const names = props.peers.map((x) => x.name).join(', ');
  const listed = `${DEFAULT_ROUTER_DESCRIPTION} (BGPPeer ${names})`;
  const description = props.description ?? (listed.length <= 80 ? listed : `${DEFAULT_ROUTER_DESCRIPTION} (${props.peers.length} BGPPeer${props.peers.length === 1 ? '' : 's'})`);
  return {
    problems,
    input: {
      routerASNumber: routerAS,
      routerAddress,
      nodeASNumber: nodeAS,
      nodeAddresses: props.nodeAddresses,
      nodeCIDRs: props.nodeCIDRs,
      routerId: props.routerId,
      peerGroup: props.peerGroup,
      description,
      password: props.password,
      includePassword: props.includePassword,
      passwordSecret: { namespace: install.namespace, name: props.secretKeyRef.name, key: props.secretKeyRef.key },
      ebgpMultihop: props.ebgpMultihop,
      peerNames: props.peers.map((x) => x.name),
    },
  };
}

/** The canonical text of an address, or the input unchanged when it is not one (reported later). */
function canonical(address: string): string {
  const parsed = parseAddress(address);
  return parsed ? formatAddress(parsed) : address;
}
