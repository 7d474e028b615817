import { askCommand } from '../src/cli/ask.js';
import { runCli } from '../src/cli/run.js';

await runCli(askCommand);
