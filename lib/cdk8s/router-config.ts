import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { BgpPeerSpec, CalicoInstall, SecretKeyRef } from '../calico';
import { Problem, problem, throwIfProblems } from '../errors';
import {
  RouterConfigFromPeersProps, RouterConfigOptions, RouterTarget, checkRouterConfigInput, checkRouterConfigPeers,
  renderRouterConfig, routerConfigFileName, routerConfigInputFromPeers, keyPerPeerProblem,
  passwordUnavailableProblem,
} from '../router';

/** Options of `writeRouterConfig` on `SecuredBgpPeer` and `BgpPasswordSecret`. */
export interface WriteRouterConfigOptions extends RouterConfigOptions {
  /**
   * The directory the file is written to (created when missing).
   *
   * @default the `router` directory in the app's `outdir` (beside the synthesized manifests)
   */
  readonly outdir?: string;
}

/**
 * What a `SecuredBgpPeer` knows about the router side of its peering, kept out of its public
 * surface (the password above all).
 *
 * @internal
 */
export interface RouterSide {
  readonly peerName: string;
  readonly spec: BgpPeerSpec;
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
  /** The password written into the synthesized Secret; undefined when the construct does not emit it. */
  readonly password?: string;
  /** Whether the construct holds the password at synth time (generated or passed-in values). */
  readonly passwordKnown: boolean;
  /** The construct's own problems (and its password source's), read when a configuration is asked for. */
  readonly problems: () => readonly Problem[];
}

const SHARED = new WeakMap<IConstruct, RouterSide[]>();

/**
 * Adds a peer's side to its shared secret's, which `sharedRouterConfig` renders together. The peer
 * keeps its own side (out of its public members) for `peerRouterConfig`.
 *
 * @internal
 */
export function addSharedRouterSide(sharedSecret: IConstruct, side: RouterSide): void {
  // See bench/README.md, "Shared secrets: peers appended in place".
  const sides = SHARED.get(sharedSecret);
  if (sides) sides.push(side);
  else SHARED.set(sharedSecret, [side]);
}

/**
 * The router configuration of one peer. Throws a ValidationError naming `owner`.
 *
 * @internal
 */
export function peerRouterConfig(side: RouterSide, owner: string, target: RouterTarget,
  options: RouterConfigOptions): string {
  return render(owner, [side], [], target, options, side);
}

/** What a shared secret adds to its peers' sides. @internal */
export interface SharedRouterSide {
  readonly keyPerPeer: boolean;
  readonly problems: readonly Problem[];
  /** The Secret and install, for messages when no peer is attached yet. */
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
}

/**
 * The router configuration of every peer attached to `secret` so far. Throws a ValidationError
 * naming the construct.
 *
 * @internal
 */
export function sharedRouterConfig(secret: IConstruct, shared: SharedRouterSide, target: RouterTarget,
  options: RouterConfigOptions): string {
  const owner = `BgpPasswordSecret '${secret.node.path}'`;
  const refusals = shared.keyPerPeer ? [keyPerPeerProblem(owner)] : [];
  return render(owner, SHARED.get(secret) ?? [], [...shared.problems, ...refusals], target, options, shared);
}

/**
 * Checks in the order a user fixes things: the constructs first (their synth would fail anyway),
 * then whether the password can be written, then the router inputs through the core, with the
 * core's messages and rules.
 */
function render(owner: string, sides: readonly RouterSide[], ownProblems: readonly Problem[], target: RouterTarget,
  options: RouterConfigOptions,
  secret: { readonly secretKeyRef: SecretKeyRef; readonly install: CalicoInstall }): string {
  const context = `${owner}: router configuration (${String(target)})`;
  const constructProblems = [...ownProblems, ...sides.flatMap((s) => s.problems())];
  throwIfProblems(dedupe(constructProblems), context);
  const { secretKeyRef, install } = secret;
  if (options.includePassword && sides.some((s) => !s.passwordKnown)) {
    throwIfProblems([passwordUnavailableProblem(owner, { namespace: install.namespace, ...secretKeyRef })], context);
  }
  // `outdir` belongs to the file, not to the configuration.
  const { outdir: _outdir, ...routerOptions } = options as WriteRouterConfigOptions;
  const props: RouterConfigFromPeersProps = {
    ...routerOptions,
    peers: sides.map((s) => ({ name: s.peerName, spec: s.spec })),
    secretKeyRef,
    install,
    password: sides[0]?.password,
  };
  throwIfProblems(checkRouterConfigPeers(props), context);
  const input = routerConfigInputFromPeers(props);
  throwIfProblems(checkRouterConfigInput(target, input), context);
  return renderRouterConfig(target, input);
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.message)) return false;
    seen.add(p.message);
    return true;
  });
}

/**
 * Writes `text` as `<dir>/<baseName>.<extension>`, mode 0600 when it holds the password, 0644
 * otherwise. Returns the path.
 *
 * The text goes to a new file in the same directory (created exclusively, `O_EXCL | O_NOFOLLOW`,
 * its mode set before anything is written), which is then renamed over the path. Whatever was at
 * the path is replaced, never written through: a symbolic link planted there (pointing at a file
 * someone else can read) is replaced by the file, its target untouched; a file that existed with
 * wider permissions never shows the password.
 *
 * @internal
 */
export function writeRouterConfigFile(scope: IConstruct, baseName: string, target: RouterTarget, text: string,
  options: WriteRouterConfigOptions): string {
  const root = scope.node.root;
  const dir = options.outdir ?? (root instanceof App ? path.join(root.outdir, 'router') : undefined);
  if (dir === undefined) {
    throwIfProblems([problem('outdir', 'cdk8s.router-outdir', `${scope.node.path} is not in a cdk8s App, so there is no synth output to write beside: pass 'outdir'.`)],
      `${scope.node.path}: router configuration (${target})`);
  }
  mkdirSync(dir!, { recursive: true });
  const file = path.join(dir!, routerConfigFileName(target, baseName));
  const mode = options.includePassword ? 0o600 : 0o644;
  const temp = path.join(dir!, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // eslint-disable-next-line no-bitwise
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, mode);
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    try { unlinkSync(temp); } catch { /* already renamed or gone */ }
    throw e;
  }
  return file;
}
