// In-process timing of what the SAM language server does per document, on the bench's generated
// template (bench/samTemplate.ts): open (parse + validate) and one-character edits, through
// SamLanguageService plus what src/server/main.ts adds per change (looksLikeTemplate, LineIndex).
// No LSP and no process start: the server's own work. Round 1 runs on a service that has only seen
// a 200-function warm-up (what the bench measures); the medians are over all rounds.
//
//   node --import tsx scripts/profile-sam.mjs [functions=1000] [rounds=15] [edits per round=5]
//   PROFILE=/tmp/sam.cpuprofile node --import tsx scripts/profile-sam.mjs 1000 1   # CPU profile of the measured rounds only
//   node scripts/profile-sam.mjs --top /tmp/sam.cpuprofile [rows=30]                # its top functions by self time
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

if (process.argv[2] === '--top') top(process.argv[3], Number(process.argv[4] ?? 30));
else await profile(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 15), Number(process.argv[4] ?? 5));

function top(file, count) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i + 1] ?? 0));
  const self = new Map();
  let total = 0;
  for (const n of prof.nodes) {
    const us = dt.get(n.id) ?? 0;
    total += us;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}`;
    self.set(key, (self.get(key) ?? 0) + us);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
  process.stdout.write(rows.map(([k, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`).join(''));
}

async function profile(n, rounds, editsPerRound) {
  const { samTemplate, editOffset } = await import('../bench/samTemplate.ts');
  const { SamLanguageService, looksLikeTemplate } = await import('../src/sam/service.ts');
  const { LineIndex } = await import('../src/sam/lines.ts');
  const text = samTemplate(n);
  const { offset } = editOffset(text);

  /** What the server does for one version of a document: classify, update, validate, map to lines. */
  const serve = (svc, uri, t, version) => {
    if (!looksLikeTemplate(t)) throw new Error('not a template');
    svc.update(uri, t, version);
    const ds = svc.diagnostics(uri);
    const index = new LineIndex(t);
    for (const d of ds) index.range(d.start, d.end);
    return ds;
  };
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

  // Warm up as the bench does: a 200-function template, opened and edited once.
  // WARM=k (experiments): k more warm-up rounds of an open and 10 edits.
  const w = new SamLanguageService();
  const wt = samTemplate(200);
  serve(w, 'warm:', wt, 0);
  serve(w, 'warm:', wt.replace('Fn1:', 'Fn1x:'), 1);
  const wo = editOffset(wt).offset;
  for (let r = 0; r < Number(process.env.WARM ?? 0); r++) {
    serve(w, `warm${r}:`, wt, 0);
    for (let k = 0; k < 10; k++) serve(w, `warm${r}:`, wt.slice(0, wo) + String(k) + wt.slice(wo + 1), k + 1);
  }

  const session = process.env.PROFILE ? new (await import('node:inspector/promises')).Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const opens = [];
  const edits = [];
  // CPU time of the process (all its threads: GC and JIT compilers too), steadier than wall time on a shared machine.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpuOpens = [];
  const cpuEdits = [];
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    const svc = new SamLanguageService();
    const uri = `file:///tmp/t${r}.yaml`;
    let c0 = cpu();
    let t0 = performance.now();
    count = serve(svc, uri, text, 0).length;
    opens.push(performance.now() - t0);
    cpuOpens.push(cpu() - c0);
    for (let k = 0; k < editsPerRound; k++) {
      const t = text.slice(0, offset) + String(k % 10) + text.slice(offset + 1);
      c0 = cpu();
      t0 = performance.now();
      serve(svc, uri, t, 1 + k);
      edits.push(performance.now() - t0);
      cpuEdits.push(cpu() - c0);
    }
  }
  if (session) writeFileSync(process.env.PROFILE, JSON.stringify((await session.post('Profiler.stop')).profile));
  const f = (x) => (x === undefined ? '-' : x.toFixed(1));
  console.log(`${n} functions, ${f(text.length / 1024)} KB, ${count} diagnostics, ${rounds} rounds`);
  console.log(`  round 1: open ${f(opens[0])} ms, edits ${edits.slice(0, 5).map(f).join(', ')} ms`);
  console.log(`  round 1 CPU: open ${f(cpuOpens[0])} ms, edits ${cpuEdits.slice(0, editsPerRound).map(f).join(', ')} ms`);
  console.log(`  every open CPU: ${cpuOpens.map(f).join(', ')} ms`);
  console.log(`  median CPU: open ${f(median(cpuOpens))} ms, edit ${f(median(cpuEdits))} ms`);
  console.log(`  median:  open ${f(median(opens))} ms, edit ${f(median(edits))} ms (min ${f(Math.min(...opens))}, ${f(Math.min(...edits, Infinity))})`);
}
