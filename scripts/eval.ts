import { evalCommand } from '../src/cli/eval.js';
import { runCli } from '../src/cli/run.js';

await runCli(evalCommand);
