// The package ships typings, but its "exports" map hides them from NodeNext resolution. Its API is
// better-sqlite3's (typed by @types/better-sqlite3) plus the cipher key functions declared here.
declare module "better-sqlite3-multiple-ciphers" {
  import type BetterSqlite3 from "better-sqlite3";

  namespace Database {
    interface Database extends BetterSqlite3.Database {
      /** Sets the key of the encrypted database (a passphrase, or a raw key as `x'<hex>'`). Returns 0 on success. */
      key(key: Buffer): number;
      rekey(key: Buffer): number;
    }
    type Statement = BetterSqlite3.Statement;
    type Options = BetterSqlite3.Options;
  }
  const Database: new (filename?: string, options?: Database.Options) => Database.Database;
  export default Database;
}
