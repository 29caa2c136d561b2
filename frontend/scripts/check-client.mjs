// Fails when the committed API client is stale:
//  1. frontend/openapi.json must equal the schema the backend code builds now (scripts/dump-openapi.sh);
//  2. frontend/src/client/ must equal what @hey-api/openapi-ts generates from that openapi.json.
// Fix either with `npm run gen` and commit the result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];

function pathsOf(schema) {
  const out = new Set();
  for (const [p, ops] of Object.entries(schema.paths ?? {})) for (const m of Object.keys(ops)) out.add(`${m.toUpperCase()} ${p}`);
  return out;
}

// 1. The schema
const live = execFileSync('bash', [join(root, 'scripts/dump-openapi.sh')], { encoding: 'utf8', maxBuffer: 64 << 20 });
const committed = readFileSync(join(root, 'openapi.json'), 'utf8');
if (live !== committed) {
  const a = pathsOf(JSON.parse(committed));
  const b = pathsOf(JSON.parse(live));
  const added = [...b].filter((x) => !a.has(x));
  const removed = [...a].filter((x) => !b.has(x));
  let msg = 'frontend/openapi.json differs from the backend schema';
  if (added.length) msg += `\n    new in the backend: ${added.join(', ')}`;
  if (removed.length) msg += `\n    gone from the backend: ${removed.join(', ')}`;
  if (!added.length && !removed.length) msg += ' (models, parameters or descriptions changed)';
  problems.push(msg);
}

// 2. The generated client
function listFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listFiles(full));
    else files.push(full);
  }
  return files;
}
const tmp = mkdtempSync(join(tmpdir(), 'client-check-'));
try {
  const outDir = join(tmp, 'client');
  execFileSync('npx', ['--no-install', 'openapi-ts'], {
    cwd: root,
    env: { ...process.env, OPENAPI_TS_OUTPUT: outDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const mine = join(root, 'src/client');
  const want = new Map(listFiles(outDir).map((f) => [relative(outDir, f), readFileSync(f, 'utf8')]));
  const have = new Map(listFiles(mine).map((f) => [relative(mine, f), readFileSync(f, 'utf8')]));
  for (const [name, text] of want) {
    if (!have.has(name)) problems.push(`src/client/${name} is missing`);
    else if (have.get(name) !== text) problems.push(`src/client/${name} differs from what openapi.json generates`);
  }
  for (const name of have.keys()) if (!want.has(name)) problems.push(`src/client/${name} is not generated any more`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (problems.length) {
  console.error('check-client: the generated API client is stale:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Run `npm run gen` in frontend/ and commit openapi.json and src/client/.');
  process.exit(1);
}
console.log('check-client: openapi.json and src/client/ match the backend');
