/** A named copy of an account's records, taken for debugging (e.g. with the payload that failed to decrypt). */
export type SnapshotInfo = {
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Optional bytes saved with it. Secret: encrypted at rest like everything else. */
  extra: Uint8Array | null;
  /** How many records the snapshot holds. */
  recordCount: number;
};

/**
 * The local device: this account's own identity (serialized, secret). An account may create several devices
 * over time (a reinstall creates a new one); `save`/`load`/`exists` act on the most recently created.
 */
export interface DeviceStore {
  /** Saves the current device's identity bytes (creating device 1 if none was created yet). */
  save(device: Uint8Array): Promise<void>;
  load(): Promise<Uint8Array | null>;
  /** Whether the current device has saved identity bytes. */
  exists(): Promise<boolean>;
  /** Creates a new device, which becomes the current one, and returns its id (1, 2, ...). */
  create(): Promise<number>;
  /** Copies every record of this account into a named snapshot stored alongside them. */
  snapshot(name: string, extra?: Uint8Array): Promise<void>;
  /** The snapshots taken, oldest first. */
  listSnapshots(): Promise<SnapshotInfo[]>;
}
