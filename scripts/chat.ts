import { chatCommand } from '../src/cli/chat.js';
import { runCli } from '../src/cli/run.js';

await runCli(chatCommand);
