// Self time by function in a V8 CPU profile (`node --cpu-prof`), counted only over the window
// in which a marker function is on the stack: the first to the last sample under it, so that
// module loading, data preparation and the report's assembly stay out.
// `tsx bench/cpu-profile-summary.ts <file.cpuprofile> [marker, default onResponseData] [rows]`
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, marker = 'onResponseData', rows = '40'] = process.argv.slice(2);
if (file === undefined) {
  throw new Error('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [marker] [rows]');
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parentOf.set(child, node.id);

const underMarker = new Map<number, boolean>();
function isUnderMarker(id: number): boolean {
  const known = underMarker.get(id);
  if (known !== undefined) return known;
  const parent = parentOf.get(id);
  const result =
    byId.get(id)?.callFrame.functionName === marker ||
    (parent !== undefined && isUnderMarker(parent));
  underMarker.set(id, result);
  return result;
}

let first = -1;
let last = -1;
profile.samples.forEach((id, i) => {
  if (!isUnderMarker(id)) return;
  if (first < 0) first = i;
  last = i;
});
if (first < 0) throw new Error(`no sample has ${marker} on its stack`);

const selfMicros = new Map<string, number>();
let windowMicros = 0;
let busyMicros = 0;
for (let i = first; i <= last; i++) {
  const frame = byId.get(profile.samples[i]!)!.callFrame;
  // A sample's time is the delta to the next sample.
  const micros = profile.timeDeltas[i + 1] ?? 0;
  const where = frame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + micros);
  windowMicros += micros;
  if (frame.functionName !== '(idle)') busyMicros += micros;
}
console.log(
  `window ${(windowMicros / 1000).toFixed(0)} ms, busy ${(busyMicros / 1000).toFixed(0)} ms (marker ${marker})`,
);
console.log('  self ms  of busy  function');
const top = [...selfMicros]
  .filter(([key]) => !key.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rows));
for (const [key, micros] of top) {
  console.log(
    `${(micros / 1000).toFixed(1).padStart(9)} ${((100 * micros) / busyMicros).toFixed(1).padStart(6)}%  ${key}`,
  );
}
