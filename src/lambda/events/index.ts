// Test events for invoking: shipped samples, placeholder filling, saved events in the workspace,
// and the per-function invocation history. Pure (no vscode).
export { SAMPLE_EVENTS, sampleEvent } from './catalog';
export { fillPlaceholders, remainingPlaceholders } from './placeholders';
export { SavedEventStore, eventNameProblem, functionFolderName, EVENTS_FOLDER, type SavedEvent } from './store';
export { InvocationHistory, historyKey, HISTORY_LIMIT, type HistoryEntry } from './history';
export { parseEnvVarsFile, envOverridesFor } from './envVars';
