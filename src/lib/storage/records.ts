// What is kept in IndexedDB. Everything the embryologist entered lives here,
// so a reload or a closed tab loses nothing.
import type { CropBox, Decision, EmbryoDay, Ellipse, HeadName, ImageStatus, Prediction } from '../types';

export interface BatchRecord {
  id: string;
  patientId: string;
  cycleId: string;
  day: EmbryoDay;
  embryologist: string;
  clinic: string;
  createdAt: string;
  updatedAt: string;
}

export interface LocalisationRecord {
  ellipse: Ellipse | null;
  crop: CropBox;
  quality: number;
  warnings: string[];
  /** true when the embryologist placed or moved the crop by hand. */
  manual: boolean;
}

export interface ImageRecord {
  id: string;
  batchId: string;
  /** Order of arrival in the batch: the embryo number on the grade sheet. */
  index: number;
  fileName: string;
  contentHash: string;
  byteSize: number;
  status: ImageStatus;
  error: string | null;
  /** Non-fatal messages (16-bit scaled, embryo touches the frame, ...). */
  warnings: string[];
  width: number | null;
  height: number | null;
  original: Blob;
  thumbnail: Blob | null;
  crop: Blob | null;
  localisation: LocalisationRecord | null;
  prediction: Prediction | null;
  /** Per head: a class label or 'NG'; absent = the AI grade stands. */
  overrides: Partial<Record<HeadName, string>>;
  decision: Decision;
  notes: string;
  /** Dish and well labels the embryologist typed; absent on images stored before they were recorded. */
  dish?: string;
  well?: string;
  updatedAt: string;
}

export interface AuditRecord {
  id?: number;
  batchId: string;
  imageId: string | null;
  at: string;
  who: string;
  action: string;
  field: string;
  from: string | null;
  to: string | null;
  modelId: string | null;
}

/** Small key/value settings (ranking policy, thresholds, backend override). */
export interface SettingRecord {
  key: string;
  value: unknown;
}
