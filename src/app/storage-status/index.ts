// Storage the browser keeps (issue 25): persistence asked at the first batch, usage and quota shown.
export { StorageStatus } from './StorageStatus';
export { useStorageStatus } from './use-storage-status';
export { isLowOnSpace, lowSpaceWarning, storageLine, type StorageFacts } from './storage-status';
