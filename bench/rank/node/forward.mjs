// onnxruntime-node side of the ranking benchmark: loads DIR/model.onnx (exported by
// train_torch.py from the Go-trained weights), feeds the same 1,000-candidate inputs
// (DIR/onnx_inputs.json) and times session.run on one thread.
//
//   node bench/rank/node/forward.mjs /tmp/rankbench/weights/dcn
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const dir = process.argv[2];
const spec = JSON.parse(fs.readFileSync(path.join(dir, 'onnx_inputs.json'), 'utf8'));
const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const feeds = {};
for (const [name, t] of Object.entries(spec.inputs)) {
  const data = t.dtype === 'int64' ? BigInt64Array.from(t.data.map((v) => BigInt(v))) : Float32Array.from(t.data);
  feeds[name] = new ort.Tensor(t.dtype, data, t.shape);
}
let out = await session.run(feeds);
const got = out.logit.data;
let diff = 0;
for (let i = 0; i < got.length; i++) diff = Math.max(diff, Math.abs(got[i] - spec.expected[i]));
const times = [];
let cpu0;
for (let i = 0; i < spec.reps + 30; i++) {
  if (i === 30) cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  out = await session.run(feeds);
  if (i >= 30) times.push(Number(process.hrtime.bigint() - t0) / 1e3);
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const res = {
  median_us: times[times.length >> 1],
  p90_us: times[Math.floor(times.length * 0.9)],
  cpu_us_per_call: (cpu.user + cpu.system) / spec.reps,
  max_abs_diff_vs_torch: diff,
  onnxruntime: ort.env.versions?.common ?? 'unknown',
};
fs.writeFileSync(path.join(dir, 'onnx_forward.json'), JSON.stringify(res, null, 2));
console.log(`onnxruntime-node ${path.basename(dir)} forward, ${got.length} candidates, 1 thread: median ${res.median_us.toFixed(0)} µs, p90 ${res.p90_us.toFixed(0)} µs, ${res.cpu_us_per_call.toFixed(0)} µs CPU/call; max |logit − torch's| ${diff.toExponential(2)}`);
