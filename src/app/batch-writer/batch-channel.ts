// Tabs of the app tell each other that a batch changed (so a read-only tab reloads it from
// IndexedDB at once) and that a batch was taken over (so the tab that lost it says why).

export type BatchMessage =
  | { type: 'batch-changed'; batchId: string | null }
  | { type: 'taken-over'; batchId: string };

const CHANNEL = 'blastograde:batches';

export function openBatchChannel(onMessage: (message: BatchMessage) => void) {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<BatchMessage>) => onMessage(event.data);
  return {
    post: (message: BatchMessage) => channel.postMessage(message),
    close: () => channel.close(),
  };
}

export type BatchChannel = ReturnType<typeof openBatchChannel>;
