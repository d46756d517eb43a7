import { hexToBytes, type Hex } from "viem";

/** One object store as the files show it: its name, key path, indexes, rows, primary keys and every index key. */
export type RawObjectStore = { name: string; keyPath: unknown; indexes: { name: string; keyPath: unknown; keys: unknown[] }[]; rows: unknown[]; keys: unknown[] };
export type RawProfile = { databases: string[]; stores: Record<string, RawObjectStore[]>; rowCount: number };

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * Everything a browser profile's IndexedDB holds, read without Dexie and without any key: every database's name,
 * every object store and index (names and key paths), every row, every primary key and every index key.
 */
export async function dumpBrowserProfile(factory: IDBFactory): Promise<RawProfile> {
  const profile: RawProfile = { databases: [], stores: {}, rowCount: 0 };
  for (const { name } of await factory.databases()) {
    if (name === undefined) continue;
    profile.databases.push(name);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores: RawObjectStore[] = [];
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, "readonly").objectStore(storeName);
      const indexes = [];
      for (const indexName of Array.from(store.indexNames)) {
        const index = store.index(indexName);
        indexes.push({ name: indexName, keyPath: index.keyPath, keys: await indexKeys(index) });
      }
      const rows = await request(store.getAll());
      profile.rowCount += rows.length;
      stores.push({ name: storeName, keyPath: store.keyPath, indexes, rows, keys: await request(store.getAllKeys()) });
    }
    profile.stores[name] = stores;
    db.close();
  }
  return profile;
}

function indexKeys(index: IDBIndex): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const keys: unknown[] = [];
    const cursor = index.openKeyCursor();
    cursor.onsuccess = () => {
      if (!cursor.result) return resolve(keys);
      keys.push(cursor.result.key);
      cursor.result.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

/** What to look for, per identifier: its lowercase hex text (no 0x) and its raw bytes. */
export type Needle = { what: string; hex: string; bytes: Uint8Array };

export function identifierNeedles(identifiers: Map<string, string>): Needle[] {
  return [...identifiers].map(([value, what]) => ({ what, hex: value.toLowerCase().replace(/^0x/, ""), bytes: hexToBytes(value as Hex) }));
}

/**
 * The identifiers found anywhere in `value` (strings, byte arrays, object field names, nested arrays), in any of
 * these encodings: hex text in any letter case, with or without 0x (hence checksummed too); raw bytes, in a byte
 * array or as a string's UTF-8 or code units. `where` adds the path of each finding.
 */
export function leaksIn(value: unknown, needles: readonly Needle[], where = false): string[] {
  const found = new Set<string>();
  walk(value, "$", (leaf, path) => {
    const text = typeof leaf === "string" ? leaf.toLowerCase() : asciiLower(leaf);
    const byteViews = typeof leaf === "string" ? [new TextEncoder().encode(leaf), Uint8Array.from(leaf, (c) => c.charCodeAt(0) & 0xff)] : [leaf];
    for (const needle of needles) {
      if (text.includes(needle.hex) || byteViews.some((bytes) => contains(bytes, needle.bytes))) {
        found.add(where ? `${needle.what} 0x${needle.hex} at ${path}` : needle.what);
      }
    }
  });
  return [...found];
}

function walk(value: unknown, path: string, visit: (leaf: string | Uint8Array, path: string) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (value instanceof Uint8Array) visit(value, path);
  else if (value instanceof ArrayBuffer) visit(new Uint8Array(value), path);
  else if (ArrayBuffer.isView(value)) visit(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), path);
  else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
  else if (value && typeof value === "object") {
    for (const [field, item] of Object.entries(value)) {
      visit(field, `${path}.<field name>`);
      walk(item, `${path}.${field}`, visit);
    }
  }
}

function asciiLower(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b >= 65 && b <= 90 ? b + 32 : b);
  return text;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
