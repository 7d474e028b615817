import { trainCommand } from '../src/cli/train.js';
import { runCli } from '../src/cli/run.js';

await runCli(trainCommand);
