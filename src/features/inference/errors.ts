// Why a model package was refused: one code per failure the loader can name, so the
// UI, the CLI and the tests can tell them apart without parsing messages.
import { CodedError } from '../../lib/coded-error';

export type ModelPackageErrorCode =
  | 'model-json-missing'
  | 'model-json-invalid'
  | 'not-graph-model'
  | 'card-missing'
  | 'card-invalid'
  | 'shard-missing'
  | 'shard-corrupted'
  | 'shard-unlisted'
  | 'adaptation-source-corrupted'
  | 'head-mismatch'
  | 'class-count-mismatch'
  | 'input-size-mismatch';

export class ModelPackageError extends CodedError<ModelPackageErrorCode> {
  override readonly name = 'ModelPackageError';
}
