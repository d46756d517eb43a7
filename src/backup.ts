// `hushlog/backup`: the passphrase-sealed backup envelope (Argon2id -> XChaCha20-Poly1305). Its own entry so
// Argon2id (and the BLAKE2b it needs) stays out of browser bundles that never make a backup.
export { sealBackup, openBackup, readBackupHeader, type SealBackupOptions, type BackupHeader } from "./backup/backupEnvelope.ts";
export { defaultArgon2idParams, type Argon2idParams } from "./crypto/argon2id.ts";
