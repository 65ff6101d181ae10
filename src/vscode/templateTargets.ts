// Which deployed function a SAM template function became on a connection (pure: no vscode import, so
// node's test runner covers it).
import type { Connection } from '../core/types';
import { localFunctionName } from '../lambda/localTemplate';

/**
 * The names the template function may run under, most likely first: on the local service "Invoke
 * locally" runs it as `<folder>-<LogicalId>`; a deploy uses its FunctionName, else the logical id.
 */
export function candidateNames(connection: Pick<Connection, 'kind'>, file: string, logicalId: string, functionName: string | undefined): string[] {
  const deployed = functionName ?? logicalId;
  const names = connection.kind === 'local' ? [localFunctionName(file, logicalId), deployed] : [deployed];
  return [...new Set(names)];
}
