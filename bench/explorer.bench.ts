// Explorer (issue 5): 10,000 functions on the local service, time to the tree's first page and to every
// page as tree nodes, and the heap kept, beside a plain ListFunctionsCommand loop. The measurement lives
// beside the explorer's integration tests (test/integration/vscode/explorer/treeBench.ts); this prints it.
import { run } from '../test/integration/vscode/explorer/treeBench';

run().then(
  (lines) => console.log(lines.join('\n')),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
