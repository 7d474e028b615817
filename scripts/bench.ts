import { benchCommand } from '../src/bench/run.js';
import { runCli } from '../src/cli/run.js';

// npm run bench [-- --sizes 1000,10000,100000 --out bench/results.json]
await runCli(benchCommand);
