/**
 * The supply chain: the Node versions package.json declares are the ones every installed package
 * accepts (a clean `npm ci` on them warns of no engine), and npm runs install scripts only for the
 * packages the project allows, never the telemetry of @scarf/scarf.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
  dev?: boolean;
  optional?: boolean;
}
const pkg = readJson('package.json') as { engines?: { node?: string }; allowScripts?: Record<string, boolean>; scarfSettings?: { enabled?: boolean } };
const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };

// semver (a devDependency) is CommonJS without bundled types: the two functions used here.
const semver = createRequire(import.meta.url)('semver') as {
  validRange(range: string): string | null;
  subset(sub: string, dom: string, options?: { includePrerelease?: boolean }): boolean;
};

/** A lockfile key `node_modules/a/node_modules/@b/c` names the package `@b/c`. */
const nameOf = (key: string): string => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** The npmrc settings of the project (key=value lines). */
function npmrc(): Map<string, string> {
  const file = path.join(root, '.npmrc');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return new Map(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';') && l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()] as const),
  );
}

describe('the supply chain (package.json, package-lock.json, .npmrc)', () => {
  it('declares in engines only Node versions that every package in the lockfile accepts, so a clean install on them warns of no engine', () => {
    const declared = pkg.engines?.node;
    expect(declared, 'package.json engines.node').to.be.a('string');
    expect(semver.validRange(declared!), `engines.node "${declared}"`).to.not.equal(null);
    const refusing = Object.entries(lock.packages)
      .filter(([key]) => key !== '')
      .flatMap(([key, entry]) => {
        const wants = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return wants && !semver.subset(declared!, wants) ? [`${nameOf(key)}@${entry.version ?? '?'} wants node ${wants}`] : [];
      });
    expect(refusing, `packages that do not accept node ${declared}`).to.deep.equal([]);
  });

  it('names the Node lines the project is tested on: 20 (development and CI) and 22 (the production image)', () => {
    const declared = pkg.engines!.node!;
    expect(semver.subset('20.19.0', declared), 'Node 20.19').to.equal(true);
    expect(semver.subset('22.17.0', declared), 'Node 22.17').to.equal(true);
    const image = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)/m.exec(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(image, 'the Dockerfile pins a Node release').to.be.a('string');
    expect(semver.subset(image!, declared), `the image's Node ${image}`).to.equal(true);
    // Nothing untested: not the odd releases, not a Node 24 nobody ran the suite on.
    expect(semver.subset('21.7.0', declared), 'Node 21').to.equal(false);
    expect(semver.subset('24.0.0', declared), 'Node 24').to.equal(false);
  });

  it('lets npm run install scripts only for the packages allowScripts approves, and denies @scarf/scarf its telemetry', () => {
    const policy = pkg.allowScripts ?? {};
    expect(policy['@scarf/scarf'], 'allowScripts["@scarf/scarf"]').to.equal(false);
    // Also for an npm that does not know allowScripts: scarf's own opt-out in the root package.json.
    expect(pkg.scarfSettings?.enabled, 'scarfSettings.enabled').to.equal(false);
    // argon2 builds its binding when the prebuilt one does not load; esbuild checks its binary.
    expect(policy.argon2, 'allowScripts.argon2').to.equal(true);
    expect(policy.esbuild, 'allowScripts.esbuild').to.equal(true);
    // A package with install scripts nobody reviewed fails the install instead of running them.
    expect(npmrc().get('strict-allow-scripts'), '.npmrc strict-allow-scripts').to.equal('true');
    const unreviewed = [
      ...new Set(
        Object.entries(lock.packages)
          .filter(([key, entry]) => key !== '' && entry.hasInstallScript)
          .map(([key]) => nameOf(key))
          .filter((name) => typeof policy[name] !== 'boolean'),
      ),
    ];
    expect(unreviewed, 'lockfile packages with install scripts that allowScripts neither allows nor denies').to.deep.equal([]);
  });
});
