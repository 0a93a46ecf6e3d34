/**
 * Bad password input: policies that cannot hold, passwords that break a floor or router rule, an
 * unknown router profile, and bad install/plan props. Each case asserts the exact problems (field,
 * rule and message) and, for passwords, that no message carries the password.
 */
import { describe, expect, it } from 'vitest';
import {
  PasswordPolicy, PasswordPolicyProps, Problem, ROUTER_PROFILES, ValidationError, checkPasswordFloor, planMeshPassword,
  planSecuredBgpPeer, planSharedSecretAccess, resolveInstall,
} from '../../support/core';
import { validationError } from '../../support/errors';

const P = (field: string, rule: string, message: string): Problem => ({ field, rule, message });


const policyRange = (field: string, v: number, lo: number, hi: number) => P(field, 'policy.range',
  `'${field}' (${v}) must be an integer between ${lo} and ${hi}.`);
const symbolsInvalid = (n: number, found: string) => P('symbolSet', 'policy.symbols-invalid',
  `'symbolSet' may hold only printable ASCII symbols: no letters, digits, whitespace, control characters, non-ASCII or '"' (found ${n} such character(s): ${found}).`);

const POLICY_CASES: Array<[string, PasswordPolicyProps, Problem[]]> = [
  ['class minimums above the length', { length: 3, minEntropyBits: 0 }, [P('length', 'policy.minimums-exceed-length',
    'The class minimums (minLowercase 1, minUppercase 1, minDigits 1, minSymbols 1) add up to 4, more than \'length\' (3).')]],
  ['no class enabled', { lowercase: false, uppercase: false, digits: false, symbols: false }, [P('lowercase', 'policy.no-class',
    'At least one of \'lowercase\', \'uppercase\', \'digits\' and \'symbols\' must be true.')]],
  ['a double quote in symbolSet', { symbolSet: '-"' }, [symbolsInvalid(1, '"')]],
  ['a space in symbolSet', { symbolSet: '- _' }, [symbolsInvalid(1, 'space')]],
  ['a letter and a digit in symbolSet', { symbolSet: 'a-1' }, [symbolsInvalid(2, 'a 1')]],
  ['a non-ASCII symbol', { symbolSet: '-é' }, [symbolsInvalid(1, 'U+00E9')]],
  ['a tab in symbolSet', { symbolSet: '-\t' }, [symbolsInvalid(1, 'U+0009')]],
  ['a repeated symbol', { symbolSet: '-.-' }, [P('symbolSet', 'policy.symbols-duplicate',
    '\'symbolSet\' must not repeat a character (it would bias generation).')]],
  ['an empty symbolSet', { symbolSet: '' }, [P('symbolSet', 'policy.symbols-empty',
    '\'symbolSet\' must not be empty when \'symbols\' is true; set \'symbols\' to false instead.')]],
  ['length 81', { length: 81 }, [policyRange('length', 81, 1, 80)]],
  ['length 32.5', { length: 32.5 }, [policyRange('length', 32.5, 1, 80)]],
  ['maxLength 81', { maxLength: 81 }, [policyRange('maxLength', 81, 1, 80)]],
  ['maxLength 0', { maxLength: 0 }, [
    policyRange('maxLength', 0, 1, 80), policyRange('minLength', 1, 1, 0), policyRange('length', 0, 1, 0),
    policyRange('minLowercase', 1, 0, 0), policyRange('minUppercase', 1, 0, 0), policyRange('minDigits', 1, 0, 0), policyRange('minSymbols', 1, 0, 0),
    P('length', 'policy.minimums-exceed-length',
      'The class minimums (minLowercase 1, minUppercase 1, minDigits 1, minSymbols 1) add up to 4, more than \'length\' (0).'),
  ]],
  ['minLength above maxLength', { minLength: 40, maxLength: 30 }, [policyRange('minLength', 40, 1, 30), policyRange('length', 30, 40, 30)]],
  ['length below minLength', { minLength: 40, length: 32 }, [policyRange('length', 32, 40, 80)]],
  ['a negative minimum', { minDigits: -1 }, [policyRange('minDigits', -1, 0, 32)]],
  ['minClasses 5', { minClasses: 5 }, [policyRange('minClasses', 5, 0, 4)]],
  ['firstCharacter letter without letters', { lowercase: false, uppercase: false, firstCharacter: 'letter', length: 40 }, [P('firstCharacter',
    'policy.first-unsatisfiable',
    '\'firstCharacter\' (letter) cannot be met: no enabled class has such a character.')]],
  ['firstCharacter upper', { firstCharacter: 'upper' as never }, [P('firstCharacter', 'policy.enum',
    '\'firstCharacter\' (upper) must be one of any, letter, alphanumeric, not-digit.')]],
  ['16 characters (below 128 bits)', { length: 16 }, [P('length', 'policy.entropy',
    'A generated password would carry about 89 bits of entropy, below \'minEntropyBits\' (128); raise \'length\' or enable more classes.')]],
  // 2 log2(26) + log2(10) + 17 log2(62) ≈ 113.9 bits (the lower bound counts each minimum draw in its own class)
  ['letters and digits only at 20 characters', { length: 20, symbols: false }, [P('length', 'policy.entropy',
    'A generated password would carry about 113 bits of entropy, below \'minEntropyBits\' (128); raise \'length\' or enable more classes.')]],
  ['a minimum for a disabled class', { digits: false, minDigits: 2 }, [P('minDigits', 'policy.class-disabled',
    '\'minDigits\' (2) must be 0 when \'digits\' is false.')]],
  ['every digit forbidden', { forbiddenCharacters: '0123456789' }, [P('digits', 'policy.class-empty',
    '\'digits\' is enabled but every one of its characters is in \'forbiddenCharacters\'.')]],
];

describe('PasswordPolicy: props that cannot hold', () => {
  it.each(POLICY_CASES)('GIVEN %s WHEN the policy is constructed THEN exactly the expected problems are thrown', (_title, props, expected) => {
    // GIVEN / WHEN
    const e = validationError(() => new PasswordPolicy(props));
    // THEN
    expect(e.problems).toEqual(expected);
    expect(e.message).toBe(expected.map((p) => `PasswordPolicy 'custom': ${p.message}`).join('\n'));
  });

  it('GIVEN a named policy WHEN it fails THEN the message names it', () => {
    expect(validationError(() => new PasswordPolicy({ name: 'rack-a', length: 81 })).message)
      .toBe('PasswordPolicy \'rack-a\': \'length\' (81) must be an integer between 1 and 80.');
  });
});

const EMPTY = P('password', 'password.empty',
  '\'password\' must not be empty: calico-node writes no password line for an empty value and logs nothing, so the peering silently runs without authentication.');
const tooLong = (bytes: number) => P('password', 'password.max-bytes',
  `'password' is ${bytes} bytes long; TCP-MD5 keys are limited to 80 bytes of UTF-8 (TCP_MD5SIG_MAXKEYLEN), and a longer one takes the BGP session down at run time.`);
const QUOTE = P('password', 'password.double-quote',
  '\'password\' must not contain a double quote ("): calico-node writes the password unescaped into BIRD\'s password "..." string, where a quote truncates it or injects configuration.');
const NEWLINE = P('password', 'password.newline',
  '\'password\' must not contain a newline or carriage return: it breaks calico-node\'s bird.cfg and freezes every later BGP change on the node (a trailing newline often comes from \'kubectl create secret --from-file\').');
const CONTROL = P('password', 'password.control-character',
  '\'password\' must not contain NUL, tab or other control characters: they are invisible, differ between router CLIs, and some end BIRD\'s configuration string. This is the library\'s floor, stricter than Calico, which takes the value as it is.');
const WHITESPACE = P('password', 'password.surrounding-whitespace',
  '\'password\' must not start or end with whitespace (a trailing newline included): calico-node uses the secret\'s bytes verbatim while most routers trim or reject it, so the two ends would disagree. This is the library\'s floor, stricter than Calico, which takes the value as it is.');

// Passwords are built from a distinctive core so "the message does not contain the password" means something.
const CORE = 'Kq2-mZr8.Vt4+Hw9';
const FLOOR_CASES: Array<[string, string, Problem[]]> = [
  ['an empty password', '', [EMPTY]],
  ['81 ASCII bytes', `${CORE}${'x'.repeat(65)}`, [tooLong(81)]],
  ['80 characters of 2-byte UTF-8 (160 bytes)', 'é'.repeat(80), [tooLong(160)]],
  ['41 characters of 2-byte UTF-8 (82 bytes)', 'é'.repeat(41), [tooLong(82)]],
  ['a double quote', `${CORE}"x`, [QUOTE]],
  ['a newline inside', `${CORE}\nx`, [NEWLINE]],
  ['a trailing newline', `${CORE}\n`, [NEWLINE, WHITESPACE]],
  ['a carriage return', `${CORE}\rx`, [NEWLINE]],
  ['a NUL', `${CORE}\u0000x`, [CONTROL]],
  ['a tab', `${CORE}\tx`, [CONTROL]],
  ['a DEL', `${CORE}\u007fx`, [CONTROL]],
  ['a C1 control (NEL)', `${CORE}\u0085x`, [CONTROL]],
  ['a leading space', ` ${CORE}`, [WHITESPACE]],
  ['a trailing space', `${CORE} `, [WHITESPACE]],
  ['a trailing no-break space', `${CORE}\u00a0`, [WHITESPACE]],
  ['a quote, a newline and 81 bytes at once', `"${CORE}\n${'x'.repeat(63)}`, [tooLong(81), QUOTE, NEWLINE]],
];

describe('checkPasswordFloor: bad passwords', () => {
  it.each(FLOOR_CASES)('GIVEN %s WHEN checked THEN exactly the expected problems, without the password', (_title, password, expected) => {
    // GIVEN / WHEN
    const problems = checkPasswordFloor(password);
    // THEN
    expect(problems).toEqual(expected);
    if (password.length > 0) expect(JSON.stringify(problems).includes(password)).toBe(false);
  });

  it('GIVEN a field name WHEN checked THEN the problem is reported under it', () => {
    expect(checkPasswordFloor('', 'spec.password').map((p) => p.field)).toEqual(['spec.password']);
  });

  it('GIVEN exactly 80 bytes, one of them a 2-byte character WHEN checked THEN it is accepted', () => {
    expect(checkPasswordFloor(`é${'x'.repeat(78)}`)).toEqual([]);
  });
});

const ROUTER_CASES: Array<[string, string, string, Problem[]]> = [
  ['dell-os9', 'a first digit', `7${CORE}`, [P('password', 'policy.first-character',
    '\'password\' must start with a letter under the \'dell-os9\' policy.')]],
  ['dell-os9', 'a first symbol', `-${CORE}`, [P('password', 'policy.first-character',
    '\'password\' must start with a letter under the \'dell-os9\' policy.')]],
  ['cisco-ios', 'a first digit', `7${CORE}`, [P('password', 'policy.first-character',
    '\'password\' must start with a character that is not a digit under the \'cisco-ios\' policy.')]],
  ['brocade-netiron', 'a first digit', `7${CORE}`, [P('password', 'policy.first-character',
    '\'password\' must start with a character that is not a digit under the \'brocade-netiron\' policy.')]],
  ['frr', 'a question mark', `${CORE}?x`, [P('password', 'policy.forbidden-character',
    '\'password\' contains 1 character(s) that the \'frr\' policy forbids (forbidden: space ?).')]],
  ['frr', 'a space', `${CORE} x`, [P('password', 'policy.forbidden-character',
    '\'password\' contains 1 character(s) that the \'frr\' policy forbids (forbidden: space ?).')]],
  ['cisco-ios', 'a question mark', `${CORE}?x`, [P('password', 'policy.forbidden-character',
    '\'password\' contains 1 character(s) that the \'cisco-ios\' policy forbids (forbidden: ?).')]],
  ['nokia-sros', 'a $ and a #', `${CORE}$x#`, [P('password', 'policy.forbidden-character',
    '\'password\' contains 2 character(s) that the \'nokia-sros\' policy forbids (forbidden: space # $).')]],
  ['huawei-vrp', '7 characters', 'Kq2-mZr', [P('password', 'policy.min-length',
    '\'password\' is 7 bytes long; the \'huawei-vrp\' policy needs at least 8.')]],
  ['aws-direct-connect', '5 characters', 'Kq2-m', [P('password', 'policy.min-length',
    '\'password\' is 5 bytes long; the \'aws-direct-connect\' policy needs at least 6.')]],
  ['openbgpd', '80 bytes', CORE.repeat(5), [P('password', 'policy.max-length',
    '\'password\' is 80 bytes long; the \'openbgpd\' policy allows at most 79.')]],
  ['lancom-lcos-sx', '26 characters with symbols', `${CORE}Lp3@Xc6%Nb`, [
    P('password', 'policy.max-length',
      '\'password\' is 26 bytes long; the \'lancom-lcos-sx\' policy allows at most 25.'),
    P('password', 'policy.alphabet',
      '\'password\' contains 5 character(s) outside the \'lancom-lcos-sx\' policy\'s alphabet (lowercase, uppercase, digits).'),
  ]],
  ['default', 'no uppercase letter', CORE.toLowerCase(), [P('password', 'policy.class-minimum',
    '\'password\' has 0 uppercase letter(s); the \'default\' policy needs at least 1 (\'minUppercase\').')]],
  ['default', 'a # outside the alphabet', `${CORE}#`, [P('password', 'policy.alphabet',
    '\'password\' contains 1 character(s) outside the \'default\' policy\'s alphabet (lowercase, uppercase, digits, symbols -_.+=@%,:).')]],
  ['default', 'a quote (floor and alphabet)', `${CORE}"`, [QUOTE, P('password', 'policy.alphabet',
    '\'password\' contains 1 character(s) outside the \'default\' policy\'s alphabet (lowercase, uppercase, digits, symbols -_.+=@%,:).')]],
];

describe('router profiles: bad passwords', () => {
  it.each(ROUTER_CASES)('GIVEN the %s policy and %s WHEN checked THEN exactly the expected problems, without the password', (router, _title, password, expected) => {
    // GIVEN
    const policy = router === 'default' ? PasswordPolicy.DEFAULT : PasswordPolicy.forRouter(router);
    // WHEN
    const problems = policy.check(password);
    // THEN
    expect(problems).toEqual(expected);
    expect(JSON.stringify(problems).includes(password)).toBe(false);
  });

  it('GIVEN the huawei-vrp policy for typed values WHEN a one-class password is checked THEN minClasses reports it', () => {
    // GIVEN
    const policy = PasswordPolicy.forRouter('huawei-vrp', { allowOtherCharacters: true, minLowercase: 0, minUppercase: 0, minDigits: 0, minSymbols: 0 });
    // WHEN / THEN
    expect(policy.check('kqmzrvthwlp')).toEqual([P('password', 'policy.min-classes',
      '\'password\' uses 1 character class(es); the \'huawei-vrp\' policy needs at least 2.')]);
  });

  it.each(['cisco-nxos', 'Cisco-IOS', ''])('GIVEN the unknown profile "%s" WHEN requested THEN the error lists every known profile', (name) => {
    // GIVEN / WHEN
    const e = validationError(() => PasswordPolicy.forRouter(name));
    // THEN
    const message = `Unknown router profile '${name}'. Known profiles: bird, frr, gobgp, openbgpd, cisco-ios, junos, dell-os9, huawei-vrp, hpe-comware, brocade-fastiron, brocade-netiron, nokia-sros, lancom-lcos-sx, vyos, sonic, aws-direct-connect.`;
    expect(e.problems).toEqual([P('router', 'policy.unknown-router', message)]);
    expect(e.message).toBe(message);
    expect(ROUTER_PROFILES.map((p) => p.name).every((n) => message.includes(n))).toBe(true);
  });

  it('GIVEN every router profile WHEN described THEN it names its source and limits', () => {
    for (const profile of ROUTER_PROFILES) {
      expect(profile.source.length).toBeGreaterThan(10);
      expect(profile.limits.length).toBeGreaterThan(10);
      expect(PasswordPolicy.forRouter(profile.name).name).toBe(profile.name);
    }
  });
});

const namespaceProblem = (v: string) => P('install.namespace', 'k8s.namespace',
  `'install.namespace' (${v}) must be a DNS-1123 label: at most 63 lowercase letters, digits and '-'.`);
const dnsName = (field: string, v: string) => P(field, 'k8s.name',
  `'${field}' (${v}) must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (no '_').`);
const secretKey = (v: string) => P('secret.key', 'k8s.secret-key',
  `'secret.key' (${v}) must be a Secret data key: 1 to 253 characters from letters, digits, '-', '_' and '.', not '.' and not starting with '..'.`);
const PEER = { peerIP: '10.0.0.1', asNumber: 64512 };

const INSTALL_CASES: Array<[string, () => unknown, Problem[], string]> = [
  ['a namespace with capitals and underscore', () => resolveInstall({ namespace: 'Calico_System' }), [namespaceProblem('Calico_System')],
    namespaceProblem('Calico_System').message],
  ['a namespace of 64 characters', () => resolveInstall({ namespace: 'a'.repeat(64) }), [namespaceProblem('a'.repeat(64))], namespaceProblem('a'.repeat(64)).message],
  ['a namespace with a dot', () => resolveInstall({ namespace: 'calico.system' }), [namespaceProblem('calico.system')], namespaceProblem('calico.system').message],
  ['a bad service account', () => resolveInstall({ namespace: 'calico', serviceAccount: 'Calico_Node' }), [dnsName('install.serviceAccount', 'Calico_Node')],
    dnsName('install.serviceAccount', 'Calico_Node').message],
  ['an unknown install flavour', () => resolveInstall('helm' as never), [P('install', 'calico.install',
    '\'install\' (helm) must be \'operator\', \'manifest\' or { namespace, serviceAccount }.')],
  '\'install\' (helm) must be \'operator\', \'manifest\' or { namespace, serviceAccount }.'],
  ['a shared Secret name with an underscore', () => planSharedSecretAccess({ secretName: 'BGP_Password' }), [dnsName('name', 'BGP_Password')],
    `Secret 'BGP_Password': ${dnsName('name', 'BGP_Password').message}`],
  ['a peer Secret key with a space', () => planSecuredBgpPeer({ name: 'rack1-tor1', spec: PEER, secret: { mode: 'own', key: 'bad key' } }), [secretKey('bad key')],
    `BGPPeer 'rack1-tor1': ${secretKey('bad key').message}`],
  ['a bad peer name and a bad port', () => planSecuredBgpPeer({ name: 'Rack1', spec: { ...PEER, peerIP: '10.0.0.1:0' } }), [dnsName('name', 'Rack1'),
    P('spec.peerIP', 'calico.peer-ip',
      '\'spec.peerIP\' (10.0.0.1:0) must be an IP address, \'IPv4:port\' or \'[IPv6]:port\' with a port from 1 to 65535.')],
  `BGPPeer 'Rack1': ${dnsName('name', 'Rack1').message}\nBGPPeer 'Rack1': 'spec.peerIP' (10.0.0.1:0) must be an IP address, 'IPv4:port' or '[IPv6]:port' with a port from 1 to 65535.`],
  ['a peer with a bad install namespace', () => planSecuredBgpPeer({ name: 'rack1-tor1', spec: PEER, install: { namespace: 'Kube-System' } }), [namespaceProblem('Kube-System')],
    `BGPPeer 'rack1-tor1': ${namespaceProblem('Kube-System').message}`],
  ['a mesh password on a non-default configuration with the mesh off', () => planMeshPassword({ configurationName: 'rack-a', spec: { nodeToNodeMeshEnabled: false } }), [
    P('spec.nodeMeshPassword', 'calico.default-only',
      '\'spec.nodeMeshPassword\' is honoured only on the BGPConfiguration named \'default\' (this one is \'rack-a\'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.'),
    P('spec.nodeToNodeMeshEnabled', 'calico.default-only',
      '\'spec.nodeToNodeMeshEnabled\' is honoured only on the BGPConfiguration named \'default\' (this one is \'rack-a\'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.'),
    P('spec.nodeMeshPassword', 'calico.mesh-disabled',
      '\'spec.nodeMeshPassword\' cannot be set when \'spec.nodeToNodeMeshEnabled\' is false: there is no mesh to apply it to.'),
  ],
  [
    'BGPConfiguration \'rack-a\': \'spec.nodeMeshPassword\' is honoured only on the BGPConfiguration named \'default\' (this one is \'rack-a\'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.',
    'BGPConfiguration \'rack-a\': \'spec.nodeToNodeMeshEnabled\' is honoured only on the BGPConfiguration named \'default\' (this one is \'rack-a\'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.',
    'BGPConfiguration \'rack-a\': \'spec.nodeMeshPassword\' cannot be set when \'spec.nodeToNodeMeshEnabled\' is false: there is no mesh to apply it to.',
  ].join('\n')],
  ['an existing mesh Secret with a bad name and an empty key', () => planMeshPassword({ secret: { mode: 'existing', name: 'Mesh', key: '' } }),
    [dnsName('secret.name', 'Mesh'), secretKey('')],
    `BGPConfiguration 'default': ${dnsName('secret.name', 'Mesh').message}\nBGPConfiguration 'default': ${secretKey('').message}`],
];

describe('install and plans: bad props', () => {
  it.each(INSTALL_CASES)('GIVEN %s WHEN planned THEN the exact problems are thrown', (_title, fn, expected, message) => {
    // GIVEN / WHEN
    const e = validationError(fn);
    // THEN
    expect(e.problems).toEqual(expected);
    expect(e.message).toBe(message);
  });
});
