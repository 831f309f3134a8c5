// Every unexpected failure ends up here: one notice the user sees, never a silent catch.
import { StorageFullError } from '../lib/storage';
import { useAppStore } from './state/app-store';

export function reportError(error: unknown) {
  const text = error instanceof StorageFullError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  useAppStore.getState().notify('error', text);
}
