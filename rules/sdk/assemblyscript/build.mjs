// Builds the AssemblyScript example plugins of rules/examples/assemblyscript into committed .wasm files:
//
//   cd rules/sdk/assemblyscript && npm ci && npm run build
//
// Options: -O3, the incremental GC runtime, and abort routed to the SDK's corerecAbort so that the only
// import is corerec.log. The Go test rules/examples/TestFixturesUpToDate runs this and compares.
import asc from "assemblyscript/asc";
import { argv, exit } from "node:process";

const examples = "../../examples/assemblyscript";
const rules = ["newer", "diverse", "band"];
const outDir = argv[2] ?? examples; // the test builds into a temporary directory

for (const rule of rules) {
  const { error, stderr } = await asc.main([
    `${examples}/${rule}.ts`,
    "-o", `${outDir}/${rule}.wasm`,
    "-O3",
    "--runtime", "incremental",
    "--use", "abort=../../sdk/assemblyscript/assembly/index/corerecAbort",
  ]);
  if (error) {
    console.error(`${rule}: ${error.message}\n${stderr.toString()}`);
    exit(1);
  }
}
